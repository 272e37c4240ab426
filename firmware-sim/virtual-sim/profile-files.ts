// Checks the stored file contents of a profile against the card layout: each path names an EF
// (not a shared alias), transparent EFs hold exactly their size, record EFs exactly their records.
import type { EfSpec, FileSpec } from './file-layout.ts';
import type { StoredFile } from './profile.ts';
import { badField } from './profile-error.ts';
import { arrayField, hexOf, objectAt } from './profile-fields.ts';

/** Validates `files` (an array of StoredFile) for `layout`. Throws ProfileError. */
export function validateStoredFiles(value: unknown, layout: readonly FileSpec[]): StoredFile[] {
  const list = arrayField({ files: value }, 'files', 'files', layout.length);
  const seen = new Set<string>();
  return list.map((item, i) => {
    const at = `files[${i}]`;
    const o = objectAt(item, at);
    const path = o['path'];
    const spec = layout.find(
      (f): f is EfSpec => f.kind === 'ef' && f.path === path && f.shares === undefined,
    );
    if (typeof path !== 'string' || spec === undefined || seen.has(path)) {
      return badField(`${at}.path`, 'the path of an elementary file of the card, once');
    }
    seen.add(path);
    if (spec.structure === 'transparent') {
      return { path, data: hexOf(o['data'], `${at}.data`, spec.length, spec.length) };
    }
    const records = arrayField(o, 'records', `${at}.records`, spec.records);
    if (records.length !== spec.records) badField(`${at}.records`, `${spec.records} records`);
    return {
      path,
      records: records.map((r, j) => hexOf(r, `${at}.records[${j}]`, spec.length, spec.length)),
    };
  });
}

/** Validates `invalidatedFiles`: canonical EF paths of `layout`, each once. */
export function validateInvalidated(value: unknown, layout: readonly FileSpec[]): string[] {
  const list = arrayField(
    { invalidatedFiles: value },
    'invalidatedFiles',
    'invalidatedFiles',
    layout.length,
  );
  return list.map((path, i) => {
    const known = layout.some((f) => f.kind === 'ef' && f.path === path && f.shares === undefined);
    if (typeof path !== 'string' || !known || list.indexOf(path) !== i) {
      return badField(`invalidatedFiles[${i}]`, 'the path of an elementary file of the card, once');
    }
    return path;
  });
}
