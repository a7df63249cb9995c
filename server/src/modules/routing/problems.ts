// Collects every problem with an input before answering 400, so a form can mark all fields at once.
import { AppError, type InvalidParam } from '../../platform/errors.ts';

export class Problems {
  list: InvalidParam[] = [];
  add(name: string, reason: string) {
    this.list.push({ name, code: 'invalid', reason });
  }
  throwIfAny() {
    if (this.list.length)
      throw new AppError('invalid', this.list[0]?.reason ?? 'Ongeldige invoer.', this.list);
  }
}
