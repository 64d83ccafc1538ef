import { z } from 'zod';

/** An item of a Yjs document: the client that made it and its clock. */
const yjsId = z.strictObject({ client: z.int().min(0), clock: z.int().min(0) });

/** A place in a shared draft, as Y.relativePositionToJSON writes it (valid in every replica). */
const relativePosition = z.strictObject({
  type: yjsId.optional(),
  tname: z.string().max(200).optional(),
  item: yjsId.optional(),
  assoc: z.int().optional(),
});

/** A caret and the selection it ends in a shared draft: y-prosemirror's `cursor`. */
export const caretPosition = z.strictObject({ anchor: relativePosition, head: relativePosition });
