// The demo municipality's knowledge base: Markdown files in ./seed, stored through the same import
// an administrator uses, so the seed also proves the import format. Re-seeding changes nothing.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/connect.ts';
import { importArticles } from './knowledge.service.ts';

const seedDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'seed');

export function demoArticleFiles() {
  return readdirSync(seedDir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((filename) => ({ filename, content: readFileSync(path.join(seedDir, filename), 'utf8') }));
}

export async function seedKnowledge(db: Db, now: Date) {
  return importArticles(
    db,
    { articles: [], markdown: demoArticleFiles(), dryRun: false },
    { id: null, name: 'Demo Gemeente Voorbeeld' },
    now,
  );
}
