using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Audit;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Models;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Tenants;
using TenantSessions.Domain.Users;
using TenantSessions.Infrastructure.Data;
using TenantSessions.Infrastructure.SessionEngine.Tokens;

namespace TenantSessions.Infrastructure.SessionEngine.Store;

/// <summary>
/// The engine's write port (<see cref="ISessionStore"/>): stages session rows, feed entries and audit events in the
/// command's <see cref="AppDbContext"/> and remembers the feed entries and ended sessions for
/// <see cref="TenantSessions.Infrastructure.Data.UnitOfWork"/>, which saves once, and <see cref="SessionCommitHook"/>, which announces after the commit. Scoped: one per request or job.
/// </summary>
internal sealed class SessionStore(
    AppDbContext db, ICurrentSession current, IOptions<SessionEngineOptions> options, TimeProvider clock, IRequestAddress address, IGeoLocator geo)
    : ISessionStore
{
    private readonly List<RevocationEntry> _feed = [];
    private readonly HashSet<Guid> _ended = [];

    /// <summary>Feed entries staged by this unit of work, to announce once it commits.</summary>
    internal IReadOnlyList<RevocationEntry> StagedFeed => _feed;

    /// <summary>Sessions this unit of work ends.</summary>
    internal IReadOnlyCollection<Guid> StagedEnds => _ended;

    internal void ClearStaged()
    {
        _feed.Clear();
        _ended.Clear();
    }

    public async Task<IssuedSession> IssueAsync(
        ApplicationUser user, TenantInfo? tenant, bool persistent, ClientInfo client, string audit, string authenticationMethod, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await ApplyDeviceCapAsync(user, tenant, now, cancellationToken);

        var sessionId = Guid.CreateVersion7(now);
        var (token, hash) = SessionToken.Generate(sessionId);
        var session = new Session(
            sessionId,
            hash,
            tenant?.Id,
            user.Id,
            SessionLifetime.Start(now, options.Value.TimeoutsFor(tenant), persistent),
            client.IpAddress,
            client.UserAgent,
            DeviceLabel.Describe(client.UserAgent),
            persistent);
        session.RecordAuthenticationMethod(authenticationMethod);
        db.Sessions.Add(session);
        Audit(now, audit, tenant?.Id, user.Id, user.Id, session.Id, null, client.IpAddress);
        return new IssuedSession(session, user, token);
    }

    public Task<IssuedSession> ImpersonateAsync(ApplicationUser user, TenantInfo tenant, string reason, TimeSpan length, ClientInfo client, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var actor = current.UserId ?? throw new InvalidOperationException("Impersonation needs a signed-in administrator.");
        var actorSession = current.SessionId ?? throw new InvalidOperationException("Impersonation needs a signed-in administrator.");
        var sessionId = Guid.CreateVersion7(now);
        var (token, hash) = SessionToken.Generate(sessionId);
        var session = new Session(
            sessionId,
            hash,
            tenant.Id,
            user.Id,
            SessionLifetime.Start(now, options.Value.TimeoutsFor(tenant), persistent: false),
            client.IpAddress,
            client.UserAgent,
            DeviceLabel.Describe(client.UserAgent),
            isPersistent: false);
        session.RecordAuthenticationMethod(AuthenticationMethods.Impersonation);
        session.MarkImpersonation(actor, actorSession, reason, now + length);
        db.Sessions.Add(session);
        db.AuditEvents.Add(new AuditEvent(Guid.CreateVersion7(now), now, AuditActions.ImpersonationStarted, tenant.Id, actor, user.Id, session.Id, reason));
        return Task.FromResult(new IssuedSession(session, user, token));
    }

    public async Task<IssuedSession?> ResumeAsync(string? token, Guid sessionId, CancellationToken cancellationToken)
    {
        if (SessionToken.TryParse(token) is not { } presented || presented.SessionId != sessionId)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var session = await db.Sessions.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null || !session.IsLive(now) || now >= session.AbsoluteExpiresAt || !presented.Verifies(session.TokenHash))
        {
            return null;
        }

        var user = await db.Users.IgnoreQueryFilters().FirstOrDefaultAsync(u => u.Id == session.UserId, cancellationToken);
        return user is null ? null : new IssuedSession(session, user, token!);
    }

    public async Task<IssuedSession> RotateAsync(ApplicationUser user, Guid sessionId, TenantInfo? tenant, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tenantId = tenant?.Id;
        var session = await db.Sessions.IgnoreQueryFilters()
            .FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == user.Id && s.TenantId == tenantId, cancellationToken);
        if (session is null || !session.IsLive(now) || now >= session.AbsoluteExpiresAt)
        {
            throw new RefusalException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.");
        }

        var (token, hash) = SessionToken.Generate(session.Id);
        var expiresAt = SessionLifetime.SlideExpiry(now, session.AbsoluteExpiresAt, options.Value.TimeoutsFor(tenant), session.IsPersistent);
        session.Reauthenticate(hash, now, new SessionLifetime(now, expiresAt, session.AbsoluteExpiresAt));
        Stage(RevocationKind.User, user.Id, now);
        return new IssuedSession(session, user, token);
    }

    public RevokedSessions Revoke(IEnumerable<Session> sessions, SessionEnd end) => End(sessions, end, announceEach: true);

    public RevokedSessions RevokeUser(Guid userId, IEnumerable<Session> sessions, SessionEnd end)
    {
        var result = End(sessions.Where(s => s.UserId == userId), end, announceEach: false);
        Stage(RevocationKind.User, userId, clock.GetUtcNow());
        return result;
    }

    public RevokedSessions RevokeTenant(Guid tenantId, IEnumerable<Session> sessions, SessionEnd end)
    {
        var result = End(sessions.Where(s => s.TenantId == tenantId), end, announceEach: false);
        Stage(RevocationKind.Tenant, tenantId, clock.GetUtcNow());
        return result;
    }

    public void Shorten(Session session, DateTimeOffset expiresAt, DateTimeOffset absoluteExpiresAt) =>
        session.Tighten(expiresAt, absoluteExpiresAt);

    public void UserChanged(Guid userId) => Stage(RevocationKind.User, userId, clock.GetUtcNow());

    public void TenantChanged(Guid tenantId) => Stage(RevocationKind.TenantChanged, tenantId, clock.GetUtcNow());

    public void Record(string action, Guid? tenantId, Guid? targetUserId, Guid? targetSessionId, string? detail = null, Guid? actorUserId = null)
    {
        var now = clock.GetUtcNow();
        Audit(now, action, tenantId, actorUserId ?? current.UserId, targetUserId, targetSessionId, detail, address.IpAddress);
    }

    private RevokedSessions End(IEnumerable<Session> sessions, SessionEnd end, bool announceEach)
    {
        var now = clock.GetUtcNow();
        var count = 0;
        var includesCurrent = false;
        string? ipAddress = null;
        foreach (var session in sessions)
        {
            if (!session.IsLive(now))
            {
                continue;
            }

            session.Revoke(now, end.ActorUserId, end.Reason, end.ActorUserId is { } actor && actor == current.UserId ? current.SessionId : null);
            if (announceEach)
            {
                Stage(RevocationKind.Session, session.Id, now);
            }

            var action = end.Reason == RevokeReasons.SignedOut ? AuditActions.SignedOut : AuditActions.SessionRevoked;
            var detail = end.ByPolicy ? $"{end.Reason} ({SessionEnd.WorkspacePolicy})" : end.Reason;
            Audit(now, action, session.TenantId, end.ActorUserId, session.UserId, session.Id, detail, ipAddress ??= address.IpAddress);
            _ended.Add(session.Id);
            count++;
            includesCurrent |= session.Id == current.SessionId;
        }

        return new RevokedSessions(count, includesCurrent);
    }

    /// <summary>An audit event with the request's address and its country (ISO code; none for the local network).</summary>
    private void Audit(DateTimeOffset now, string action, Guid? tenantId, Guid? actorUserId, Guid? targetUserId, Guid? targetSessionId, string? detail, string? ipAddress)
    {
        var country = ipAddress is null ? null : geo.Locate(ipAddress)?.CountryCode;
        db.AuditEvents.Add(new AuditEvent(Guid.CreateVersion7(now), now, action, tenantId, actorUserId, targetUserId, targetSessionId, detail, ipAddress, country));
    }

    /// <summary>Stamps every staged feed entry with the instant its command is about to commit.</summary>
    internal void StampStagedFeed(DateTimeOffset committingAt)
    {
        foreach (var entry in _feed)
        {
            entry.StampAt(committingAt);
        }
    }

    private void Stage(RevocationKind kind, Guid targetId, DateTimeOffset now)
    {
        var entry = new RevocationEntry(kind, targetId, now);
        db.RevocationFeed.Add(entry);
        _feed.Add(entry);
    }

    /// <summary>
    /// The device cap: with <c>cap</c> sessions allowed and <c>live</c> open, a new sign-in needs <c>live - cap + 1</c>
    /// of them ended (oldest first), or is refused when the workspace says so.
    /// </summary>
    private async Task ApplyDeviceCapAsync(ApplicationUser user, TenantInfo? tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (options.Value.MaxConcurrentSessionsFor(tenant) is not { } cap || cap <= 0)
        {
            return;
        }

        var live = await db.Sessions.IgnoreQueryFilters()
            .Live(now)
            .Where(s => s.UserId == user.Id && s.ImpersonatedBy == null)
            .OrderBy(s => s.CreatedAt)
            .ToListAsync(cancellationToken);
        if (live.Count < cap)
        {
            return;
        }

        if (tenant?.Policy.ConcurrentSessionAction == ConcurrentSessionAction.RefuseNew)
        {
            throw new RefusalException(
                ErrorCodes.ConcurrentSessionLimit,
                $"You are already signed in on {cap} {(cap == 1 ? "device" : "devices")}, the most this workspace allows. Sign out on one of them first.");
        }

        End(live.Take(live.Count - cap + 1), SessionEnd.Policy(RevokeReasons.ConcurrencyLimit), announceEach: true);
    }
}
