/** A customer's plain-text message to support@example.com, as the team CLI tests append it. */
export const customerMail = (
  id: string,
  subject: string,
  from = 'Carla <carla@customer.example>',
) =>
  [
    `Message-ID: <${id}>`,
    `From: ${from}`,
    'To: support@example.com',
    `Subject: ${subject}`,
    'Date: Mon, 3 Feb 2025 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `About ${subject}.`,
    '',
  ].join('\r\n');
