import { z } from 'zod';

// Messages of the loopback transport (browser mode and end-to-end tests). The browser opens
// `ws://127.0.0.1:PORT/api?token=TOKEN`; uploads go to `POST /upload?token=TOKEN&name=FILE`
// with the file as the raw body and answer with a FileRef as JSON.

export const LOOPBACK_API_PATH = '/api';
export const LOOPBACK_UPLOAD_PATH = '/upload';

export const clientMessage = z.object({
  kind: z.literal('invoke'),
  id: z.number().int(),
  method: z.string(),
  request: z.unknown(),
});
export type ClientMessage = z.infer<typeof clientMessage>;

export const serverMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('result'), id: z.number().int(), envelope: z.unknown() }),
  z.object({ kind: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof serverMessage>;
