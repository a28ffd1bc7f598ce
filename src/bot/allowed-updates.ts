/** The update types the bot handles; everything else is neither requested nor answered. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'inline_query'] as const
