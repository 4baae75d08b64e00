from discord.ext import commands

from .context import Context, GuildContext


async def owner_of(ctx: Context, tag: str):
    # ctx may be a ReplayContext, whose db is not a pool
    return await ctx.db.fetchval("SELECT owner_id FROM tags WHERE name = $1", tag)


async def guild_tags(ctx: GuildContext):
    return await ctx.db.fetch("SELECT name FROM tags WHERE guild_id = $1", ctx.guild_id)


async def uses(ctx, tag: str):
    # not annotated: nothing says which class ctx is
    return await ctx.db.fetchrow("SELECT uses FROM tags WHERE name = $1", tag)


async def lib_context(ctx: commands.Context, tag: str):
    # the library's own Context has no db property of ours
    await ctx.db.execute("DELETE FROM tags WHERE name = $1", tag)
