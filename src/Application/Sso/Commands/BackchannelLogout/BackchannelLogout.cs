using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sso;

namespace TenantSessions.Application.Sso.Commands.BackchannelLogout;

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0 receiver: the IdP posts a logout token for a connection of this workspace.
/// The token is checked by <see cref="ILogoutTokenValidator"/> (signature by the IdP's keys, <c>iss</c>, <c>aud</c>,
/// <c>iat</c> window, the <c>events</c> claim, no <c>nonce</c>, a <c>sid</c> or <c>sub</c>); its <c>jti</c> must be new
/// for the connection. The sessions signed in through the connection with that <c>sid</c> (or that <c>sub</c>) end
/// through the store and the feed, reason <see cref="SsoReasons.IdpLogout"/>; the audit names the IdP.
/// A refusal is a <see cref="RefusalException"/> with code <c>invalid_request</c> (the spec's 400).
/// </summary>
public sealed record BackchannelLogoutCommand(string ProviderId, string? LogoutToken) : ICommand<RevokedSessions>;

/// <summary>What a valid logout token says.</summary>
public sealed record LogoutTokenClaims(string Jti, string? Subject, string? IdpSessionId, DateTimeOffset IssuedAt);

/// <summary>Validates a logout token for a connection (Microsoft.IdentityModel in Infrastructure).</summary>
public interface ILogoutTokenValidator
{
    /// <summary>The token's claims, or a <see cref="RefusalException"/> (<see cref="BackchannelLogoutCommand"/>'s code) saying why not.</summary>
    Task<LogoutTokenClaims> ValidateAsync(SsoConnection connection, string token, CancellationToken cancellationToken);
}

internal sealed class BackchannelLogoutHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentTenant currentTenant,
    ILogoutTokenValidator validator,
    TimeProvider clock,
    ILogger<BackchannelLogoutHandler> logger) : ICommandHandler<BackchannelLogoutCommand, RevokedSessions>
{
    public const string InvalidRequest = "invalid_request";

    /// <summary>How far a logout token's <c>iat</c> may be from now; a replayed <c>jti</c> is remembered twice as long.</summary>
    public static readonly TimeSpan IssuedAtWindow = TimeSpan.FromMinutes(5);

    public async ValueTask<RevokedSessions> Handle(BackchannelLogoutCommand command, CancellationToken cancellationToken)
    {
        var tenant = currentTenant.Tenant ?? throw Refused("No workspace here.");
        if (string.IsNullOrWhiteSpace(command.LogoutToken) || command.LogoutToken.Length > 16_384)
        {
            throw Refused("The logout_token parameter is missing.");
        }

        var connection = await db.SsoConnections.AsNoTracking().SingleOrDefaultAsync(c => c.ProviderId == command.ProviderId, cancellationToken)
            ?? throw Refused("Unknown connection.");
        var claims = await validator.ValidateAsync(connection, command.LogoutToken, cancellationToken);
        if (await db.SsoLogoutTokens.AnyAsync(t => t.ConnectionId == connection.Id && t.Jti == claims.Jti, cancellationToken))
        {
            throw Refused("This logout token was already used.");
        }

        var now = clock.GetUtcNow();
        await db.SsoLogoutTokens.Where(t => t.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        db.SsoLogoutTokens.Add(new SsoLogoutToken(connection.Id, claims.Jti, now + IssuedAtWindow + IssuedAtWindow));
        var links = db.SsoSessionLinks.Where(l => l.ConnectionId == connection.Id);
        links = claims.IdpSessionId is { } sid ? links.Where(l => l.IdpSessionId == sid) : links;
        links = claims.Subject is { } sub ? links.Where(l => l.Subject == sub) : links;
        var sessions = await db.Sessions.Where(s => s.RevokedAt == null && links.Any(l => l.SessionId == s.Id)).ToListAsync(cancellationToken);
        var ended = store.Revoke(sessions, SessionEnd.By(null, SsoReasons.IdpLogout));
        store.Record(SsoReasons.BackchannelLogout, tenant.Id, sessions.Select(s => (Guid?)s.UserId).FirstOrDefault(), null, $"{connection.DisplayName} ended {ended.Count} session(s)");
        logger.LogInformation("Back-channel logout from SSO connection {ConnectionId} ended {Count} session(s)", connection.Id, ended.Count);
        return ended;
    }

    public static RefusalException Refused(string message) => new(InvalidRequest, message);
}
