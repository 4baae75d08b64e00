"""A notes bot: commands get a context whose db property is the bot's pool."""
