using TenantSessions.Application.Common.Models;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sessions;

/// <summary>
/// The one write port of the session engine. Every change to a session goes through it, and every change stages all it
/// implies in the unit of work of the current command: the session row, the revocation-feed entry that makes other
/// nodes stop trusting a cache cookie, and the audit event that says who did it. It never saves: the command's
/// <see cref="Common.Interfaces.IUnitOfWork"/> commits once, and the feed is announced after that commit.
/// </summary>
public interface ISessionStore
{
    /// <summary>
    /// A new session with a fresh token under the tenant's policy. When the device cap is reached it either refuses
    /// (<c>CONCURRENT_SESSION_LIMIT</c>) or ends exactly as many of the oldest sessions as needed, recorded as ended by the
    /// workspace policy. Stages the <paramref name="audit"/> action (sign-in, sign-up) for the new session, which records
    /// how the person proved who they are (<paramref name="authenticationMethod"/>, one of <c>AuthenticationMethods</c>).
    /// </summary>
    Task<IssuedSession> IssueAsync(
        ApplicationUser user, TenantInfo? tenant, bool persistent, ClientInfo client, string audit, string authenticationMethod, CancellationToken cancellationToken);

    /// <summary>
    /// Step-up of a live session of <paramref name="user"/>: a new token (the old one stops matching at once),
    /// <c>AuthenticatedAt = now</c>, the expiry slid (never past the absolute cap), and a user "not before" so no cache
    /// cookie minted for the old token is trusted again.
    /// </summary>
    Task<IssuedSession> RotateAsync(ApplicationUser user, Guid sessionId, TenantInfo? tenant, CancellationToken cancellationToken);

    /// <summary>
    /// An administrator (the caller) starts acting as <paramref name="user"/>: a new browser-session of theirs, marked
    /// with the caller, the caller's session and <paramref name="reason"/>, ending after <paramref name="length"/> (no
    /// refresh passes it). The person's own sessions are untouched (no device cap applies). Stages the audit event.
    /// </summary>
    Task<IssuedSession> ImpersonateAsync(ApplicationUser user, TenantInfo tenant, string reason, TimeSpan length, ClientInfo client, CancellationToken cancellationToken);

    /// <summary>
    /// The live session a token the caller kept names, as it is (nothing rotated, nothing made fresh), when its verifier
    /// matches and it belongs to <paramref name="sessionId"/>; null otherwise. Used to give an administrator back their
    /// own session when an impersonation stops.
    /// </summary>
    Task<IssuedSession?> ResumeAsync(string? token, Guid sessionId, CancellationToken cancellationToken);

    /// <summary>Ends these sessions, each with its own feed entry and audit event. Sessions already ended are skipped.</summary>
    RevokedSessions Revoke(IEnumerable<Session> sessions, SessionEnd end);

    /// <summary>Ends these sessions of one user and sets the user's "not before" (one feed entry covers them all).</summary>
    RevokedSessions RevokeUser(Guid userId, IEnumerable<Session> sessions, SessionEnd end);

    /// <summary>Ends these sessions of one tenant and sets the tenant's "not before" (one feed entry covers them all).</summary>
    RevokedSessions RevokeTenant(Guid tenantId, IEnumerable<Session> sessions, SessionEnd end);

    /// <summary>
    /// A tightened workspace policy: moves this session's expiry and absolute cap earlier (never later). Pair it with
    /// <see cref="TenantChanged"/> so every cache cookie of the tenant goes to the database and sees the new limits.
    /// </summary>
    void Shorten(Session session, DateTimeOffset expiresAt, DateTimeOffset absoluteExpiresAt);

    /// <summary>
    /// Something in the payload of this user's sessions changed (roles, name, ban): every node re-reads them from the
    /// database at their next request instead of trusting a cache cookie issued before now. Ends nothing.
    /// </summary>
    void UserChanged(Guid userId);

    /// <summary>
    /// The tenant changed (renamed, suspended, reactivated, policy): every node drops its copy of the tenant, and cache
    /// cookies carrying the old tenant version go to the database once. Ends nothing.
    /// </summary>
    void TenantChanged(Guid tenantId);

    /// <summary>
    /// An audit event for an action that ends no session (ban lifted, policy changed, password changed, invitation
    /// sent, ...). The actor is the caller unless <paramref name="actorUserId"/> says otherwise (a self-service sign-up).
    /// </summary>
    void Record(string action, Guid? tenantId, Guid? targetUserId, Guid? targetSessionId, string? detail = null, Guid? actorUserId = null);
}

/// <summary>Who ended a session and why. A person (their user id), or the workspace policy (no person).</summary>
public sealed record SessionEnd(string Reason, Guid? ActorUserId, bool ByPolicy = false)
{
    public const string WorkspacePolicy = "Workspace policy";

    public static SessionEnd By(Guid? actorUserId, string reason) => new(reason, actorUserId);

    public static SessionEnd Policy(string reason) => new(reason, null, ByPolicy: true);
}
