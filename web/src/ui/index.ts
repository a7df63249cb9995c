export { ChannelIcon } from './channel-icon.tsx';
export { Combobox, type ComboOption } from './combobox.tsx';
export { Alert, Badge, Button, Heading, Paragraph, VisuallyHidden } from './components.tsx';
export { Select, TextArea, TextField, Toggle } from './fields.tsx';
export { formatDate, formatDateTime, maskBsn } from './format.ts';
