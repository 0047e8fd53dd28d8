using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Infrastructure.Data;

namespace TenantSessions.Infrastructure.SessionEngine;

/// <summary>
/// Commits a command: one <c>SaveChanges</c>, which EF runs as one transaction, so the session rows, feed entries,
/// audit events and any other row the handler changed (a password hash, a ban) are saved together or not at all.
/// A command that had to write before the save (using up an e-mailed link: a conditional update) opened the
/// transaction early with <see cref="BeginAsync"/>; the save joins it and both commit here, or both roll back.
/// Then, and only then, the staged feed entries are announced, and the ended sessions are remembered for the response
/// (<see cref="SessionAuthenticationHandler"/> clears the cookies of a caller whose own session ended).
/// </summary>
public sealed class SessionUnitOfWork(AppDbContext db, SessionStore store, RevocationAnnouncer announcer, CommittedSessionEnds ends, TimeProvider clock) : IUnitOfWork
{
    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            await db.Database.BeginTransactionAsync(cancellationToken);
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        // The feed's instants are those of the commit, not of the staging: RevocationList.CommitMargin then only has to
        // cover SaveChanges itself, however long the command ran before it.
        store.StampStagedFeed(clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            if (db.Database.CurrentTransaction is { } transaction)
            {
                await transaction.CommitAsync(cancellationToken);
                await transaction.DisposeAsync();
            }
        }
        catch
        {
            store.ClearStaged();
            await RollbackAsync();
            throw;
        }

        var feed = store.StagedFeed.ToArray();
        ends.Add(store.StagedEnds);
        store.ClearStaged();
        await announcer.AnnounceAsync(feed);
    }

    public async Task RollbackAsync()
    {
        if (db.Database.CurrentTransaction is not { } transaction)
        {
            return;
        }

        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception)
        {
            // A connection that broke mid-transaction cannot roll back (the server has abandoned the transaction); the
            // command's own exception, already on its way, is the one that matters.
        }
        finally
        {
            await transaction.DisposeAsync();
        }
    }
}

/// <summary>
/// The sessions that commands of this request (scope) have ended, once committed. When one of them is the caller's own
/// session, the response clears its cookies as it starts, unless the request wrote session cookies itself (a sign-out,
/// or a new session signed in). This is arranged here, when a command ends a session, so an ordinary accepted request
/// registers no response callback at all.
/// </summary>
public sealed class CommittedSessionEnds
{
    private const string CookiesWrittenKey = "TenantSessions.SessionCookiesWritten";

    private readonly IHttpContextAccessor _http;
    private readonly SessionCookies _cookies;

    internal CommittedSessionEnds(IHttpContextAccessor http, SessionCookies cookies)
    {
        _http = http;
        _cookies = cookies;
    }

    private readonly HashSet<Guid> _ended = [];
    private bool _clearing;

    public bool Contains(Guid sessionId) => _ended.Contains(sessionId);

    internal void Add(IEnumerable<Guid> sessionIds)
    {
        _ended.UnionWith(sessionIds);
        if (_clearing
            || _http.HttpContext is not { } context
            || context.Features.Get<SessionFeature>()?.Payload is not { } payload
            || !_ended.Contains(payload.SessionId)
            || context.Response.HasStarted)
        {
            return;
        }

        _clearing = true;
        context.Response.OnStarting(static state =>
        {
            var (context, cookies) = ((HttpContext, SessionCookies))state;
            if (!context.Items.ContainsKey(CookiesWrittenKey))
            {
                cookies.Clear(context);
            }

            return Task.CompletedTask;
        }, (context, _cookies));
    }

    /// <summary>The request wrote the session cookies itself (sign-in, sign-out): they are not cleared after it.</summary>
    internal static void MarkCookiesWritten(HttpContext context) => context.Items[CookiesWrittenKey] = true;
}
