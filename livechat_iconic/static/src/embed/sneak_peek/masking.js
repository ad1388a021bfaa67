/**
 * Sneak peek masking, the rule of lib/sneak_peek.py (keep both in step): everything after
 * a password-like word, any word holding an "@", any run of 13 or more digits (single
 * spaces or dashes between them) becomes MASK; at most MAX_LENGTH characters.
 */
export const MASK = "•••";
export const MAX_LENGTH = 500;

const PASSWORD_RE =
    /\b(?:pass(?:word|wort|wd|code|phrase)|pwd|mot\s+de\s+passe|mdp|contrase[ñn]a|senha|wachtwoord|kennwort|hasło|haslo|pin\b)/i;
const EMAIL_RE = /[^\s@]*@\S*/g;
const CARD_RE = /(?<!\d)\d(?:[ -]?\d){12,}(?!\d)/g;

export function maskSneakPeek(text) {
    const match = PASSWORD_RE.exec(text);
    if (match) {
        const end = match.index + match[0].length;
        if (text.slice(end).trim()) {
            text = `${text.slice(0, end)} ${MASK}`;
        }
    }
    return text.replace(EMAIL_RE, MASK).replace(CARD_RE, MASK).slice(0, MAX_LENGTH);
}
