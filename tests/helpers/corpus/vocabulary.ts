/*
 * The words, names and places generated mail is made of. The English list mixes the commonest
 * words (so phrases and ranking behave like real text) with the vocabulary of a team's inbox; the
 * search benchmark's queries (tests/bench/search-bench.ts) use words from it, and its timings
 * depend on how often they occur: keep those words, and the list at 120 words.
 */

const words = (list: string): readonly string[] => list.trim().split(/\s+/);

export const ENGLISH = words(`
  the the of of and and to to a in is it that for you was on are with as be this have from or
  at by not but what all were we when your can there an which do how their if will up about
  out then them so some would make like into time has more could now may our over new after
  also back any good great well just because should where much before work year only still
  here thanks regards please attached below question answer update review quarterly report
  release build deploy meeting budget schedule customer server database migration feature
  issue patch proposal draft project team invoice contract deadline agenda renewal outage
  ticket roadmap vendor tomorrow
`);

/** Words of the threads written in another language (mixed with English, as real mail is). */
export const FOREIGN: readonly (readonly string[])[] = [
  words(`Angebot Rechnung Lieferung Überweisung Bestellung Kündigung Besprechung Verspätung
    Rückfrage Gespräch Änderungswunsch Prüfbericht Übergabe Zuständigkeit Grüße bitte danke`),
  words(`facture réunion échéance livraison commande problème délai réponse relevé
    équipe prévisionnel déménagement reçu bientôt déjà voilà merci`),
  words(`счёт встреча договор поставка заказ проблема срок ответ отчёт клиент
    сервер обновление пожалуйста спасибо завтра`),
  words(`請求書 打ち合わせ 納期 見積もり 注文 確認 対応 報告 資料 連絡 ありがとうございます 来週`),
  words(`发票 会议 合同 交付 订单 问题 期限 回复 报告 客户 谢谢 下周`),
];

/** First names: 19 in ASCII, so that one (e.g. `from:judy`) is as common as the benchmark expects. */
export const FIRST_NAMES = words(`
  Alice Bob Carol Dave Erin Frank Grace Heidi Ivan Judy Laura Mallory Nina Oscar Peggy Rupert
  Sybil Trent Victor Zoë Chloé Jürgen Søren Łukasz
  Ángel Inès Björn Дмитрий Ольга 健太 美咲 王芳
`);

export const LAST_NAMES = words(`
  Smith Jones Taylor Brown Wilson Evans Walker Wright Patel Nguyen Garcia Martin Schmidt
  Lefèvre Müller Østergaard Wiśniewski Çelik Соколов 佐藤 陈
`);

export const DOMAINS = words(`
  example.com example.org example.net corp.example mail.example.net partner.example
  customer.example lists.example.org
`);

export const MAILING_LISTS = words('dev announce users security ops');

export const MAILERS = [
  'Mozilla Thunderbird 128.3.1',
  'Apple Mail (2.3774.600.62)',
  'Microsoft Outlook 16.0',
  'Roundcube Webmail/1.6.9',
  'Mutt/2.2.13',
  'Evolution 3.52.4',
  'K-9 Mail for Android',
] as const;

export const REPLY_PREFIXES = ['Re: ', 'Re: ', 'RE: ', 'AW: ', 'Fwd: ', 'SV: '] as const;

/** Content type and file extension of attachments. */
export const ATTACHMENT_KINDS = [
  ['application/pdf', 'pdf'],
  ['image/jpeg', 'jpg'],
  ['image/png', 'png'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  ['application/zip', 'zip'],
] as const;

/** Attachment names beyond ASCII (RFC 2231 and RFC 2047 in the part headers). */
export const FOREIGN_FILE_NAMES = words(`
  Präsentation Übersicht_Lieferungen Facture_février Relevé_d'activité Отчёт_за_квартал
  見積書 Señal_año
`);
