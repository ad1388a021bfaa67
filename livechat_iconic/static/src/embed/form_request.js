import {_t} from "@web/core/l10n/translation";
import {ConnectionLostError, RPCError, rpc} from "@web/core/network/rpc";

/**
 * A random idempotency key for one filling of a form: the server creates the ticket once
 * even if the same form arrives twice (a double click, a retry after a lost connection).
 *
 * @returns {String}
 */
export function newRequestKey() {
    if (crypto.randomUUID) {
        return crypto.randomUUID();
    }
    // Crypto.randomUUID exists only in secure contexts (https); getRandomValues everywhere
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The message of a refused request that the visitor may read: the server's own words for
 * what it refused (HTTP 4xx, see ``refuse()`` in controllers/main.py, or a user error),
 * a plain sentence for anything else (never a traceback).
 *
 * @param {RPCError} error
 * @returns {String}
 */
function visitorMessage(error) {
    const refused = error.code >= 400 && error.code < 500;
    const userError = /^odoo\.exceptions\.(UserError|ValidationError)$/.test(
        error.exceptionName
    );
    if ((refused || userError) && (error.data?.message || error.message)) {
        return error.data?.message || error.message;
    }
    return _t("Something went wrong on our side. Please try again in a moment.");
}

/**
 * Send a form of the widget (JSON-RPC), without the web client's error dialog.
 *
 * @param {String} url
 * @param {Object} params
 * @returns {Promise<{result?: Object, error?: string, field?: string|null}>} ``result``
 *      when the server accepted the form; else ``error``, a sentence for the visitor, and
 *      ``field``, the name of the refused value (null when it is about the whole form)
 */
export async function sendForm(url, params) {
    try {
        return {result: await rpc(url, params, {silent: true})};
    } catch (error) {
        if (error instanceof RPCError) {
            return {error: visitorMessage(error), field: error.data?.field || null};
        }
        if (error instanceof ConnectionLostError) {
            return {
                error: _t(
                    "We could not reach the server. Please check your connection and send again."
                ),
                field: null,
            };
        }
        throw error;
    }
}

/**
 * Quick checks before sending, a convenience only: the server checks everything again.
 *
 * @param {Object} values
 * @param {{emailRequired?: boolean, messageRequired?: boolean}} required
 * @returns {Object<string, string>} messages by field name; empty when nothing is wrong
 */
export function checkForm(
    values,
    {emailRequired = true, messageRequired = false} = {}
) {
    const errors = {};
    const email = (values.email || "").trim();
    if (!email && emailRequired) {
        errors.email = _t("Please give your e-mail address: we answer by e-mail.");
    } else if (email && !email.includes("@")) {
        errors.email = _t("The e-mail address is not valid.");
    }
    if (messageRequired && !(values.message || "").trim()) {
        errors.message = _t("Please write your message.");
    }
    return errors;
}

/**
 * The errors left once the visitor changed ``field``: its own and the general one go.
 *
 * @param {Object<string, string>} errors
 * @param {String} field
 * @returns {Object<string, string>}
 */
export function errorsAfterEdit(errors, field) {
    const left = {...errors};
    delete left[field];
    delete left.general;
    return left;
}

/**
 * The errors to show for a form the server refused: its message next to the refused field
 * when the form has that field, else above the form (``general``).
 *
 * @param {string|null} field the refused field's name (``sendForm``'s ``field``)
 * @param {String} message
 * @param {string[]} fields the form's field names
 * @returns {Object<string, string>}
 */
export function refusalErrors(field, message, fields) {
    return {[fields.includes(field) ? field : "general"]: message};
}

/**
 * Split the server's confirmation around the reference, so it can stand out.
 *
 * @param {{reference: string, text: string}} sent
 * @returns {{before: string, reference: string, after: string}}
 */
export function confirmationParts({reference, text}) {
    const at = reference ? text.indexOf(reference) : -1;
    if (at < 0) {
        return {before: `${text} ${_t("Your reference:")} `, reference, after: ""};
    }
    return {
        before: text.slice(0, at),
        reference,
        after: text.slice(at + reference.length),
    };
}
