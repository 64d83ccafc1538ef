/** A file chosen to go with the message, read into base64 as the contract carries it. */
export interface PendingFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  contentBase64: string;
}
