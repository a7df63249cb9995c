// A letter for a party without a digital address: an A4 PDF with the address in the window of a
// standard envelope, the date, the subject and the message, for an employee to print and post.
import { PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib';
import type { PartyAddress } from '../parties/parties.schemas.ts';

const mm = (v: number) => (v * 72) / 25.4;
const a4 = { width: mm(210), height: mm(297) };
const margin = mm(25);
const size = 11;
const leading = 15;

/** The postal lines of an address: the stored lines for a foreign one, else street, number and town. */
export function addressLines(a: PartyAddress): string[] {
  if (a.addressLines?.length)
    return [...a.addressLines, ...(a.country && a.country !== 'NL' ? [a.country] : [])];
  const number = [a.houseNumber, a.houseLetter, a.houseNumberSuffix ? `-${a.houseNumberSuffix}` : '']
    .filter((p) => p !== null && p !== '')
    .join('');
  return [
    [a.street, number].filter(Boolean).join(' '),
    [a.postcode?.replace(/^(\d{4})\s*([A-Za-z]{2})$/, '$1 $2'), a.city?.toUpperCase()]
      .filter(Boolean)
      .join('  '),
  ].filter((l) => l.trim());
}

/** The standard fonts know WinAnsi only: anything else becomes '?', never a failed letter. */
function printable(font: PDFFont, text: string) {
  let out = '';
  for (const ch of text) {
    try {
      font.encodeText(ch);
      out += ch;
    } catch {
      out += '?';
    }
  }
  return out;
}

function wrap(font: PDFFont, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

const longDate = (d: Date) =>
  new Intl.DateTimeFormat('nl-NL', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Amsterdam',
  }).format(d);

export async function letterPdf(letter: {
  sender: string;
  recipient: string;
  address: string[];
  date: Date;
  subject: string;
  text: string;
}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(letter.subject);
  doc.setAuthor(letter.sender);
  doc.setLanguage('nl-NL');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const width = a4.width - 2 * margin;
  let page = doc.addPage([a4.width, a4.height]);
  let y = a4.height - margin;
  const write = (text: string, f: PDFFont = font) => {
    if (y < margin + leading) {
      page = doc.addPage([a4.width, a4.height]);
      y = a4.height - margin;
    }
    page.drawText(printable(f, text), { x: margin, y, size, font: f });
    y -= leading;
  };
  write(letter.sender, bold);
  // The address window of a C5/DL envelope starts about 50 mm from the top.
  y = a4.height - mm(50);
  for (const line of [letter.recipient, ...letter.address]) write(line);
  y = a4.height - mm(95);
  write(`Datum: ${longDate(letter.date)}`);
  write(`Onderwerp: ${letter.subject}`, bold);
  y -= leading;
  for (const line of wrap(font, printable(font, letter.text), width)) write(line);
  return Buffer.from(await doc.save());
}
