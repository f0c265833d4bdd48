import { Type } from 'typebox';
import { versionFromIfMatch } from '../modules/events/read/read.service.ts';

export const ifMatchHeader = {
  'if-match': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        'The ETag from your last read: the write happens only if the resource is still at that version, else 412. `*` or no header: no check.',
    }),
  ),
};

/** The version If-Match asks for; undefined when absent or `*`. */
export function expectedVersion(ifMatch: string | undefined): number | undefined {
  return ifMatch === undefined ? undefined : versionFromIfMatch(ifMatch);
}
