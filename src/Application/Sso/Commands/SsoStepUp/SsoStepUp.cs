using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sso.Commands.SsoStepUp;

/// <summary>
/// Whether the current session was signed in through one of this workspace's IdPs, and so may confirm it's the person
/// (step-up, issue 22 item 5) at that IdP; null for any other session (ADR-027). <see cref="SsoStepUpOffer.HasPassword"/>
/// says whether the person also has a password here (the password form is then offered too).
/// </summary>
[Authorize]
public sealed record GetSsoStepUpQuery : IQuery<SsoStepUpOffer?>;

public sealed record SsoStepUpOffer(string ProviderId, string Name, bool HasPassword);

/// <summary>
/// The IdP answered a step-up (<c>prompt=login</c>, <c>max_age=0</c>) and the OpenIdConnect handler validated the ID
/// token (signature, issuer, audience, nonce, PKCE, the state of this session on this host). Here: the answer is for the
/// session that asked (<paramref name="SessionId"/> from the protected state) and for the person it is linked to (same
/// connection, same <c>sub</c>), and the IdP authenticated them again (<c>auth_time</c> present and not before
/// <paramref name="RequestedAt"/> less <see cref="AllowedSkew"/>). Then the session's token rotates and it is fresh,
/// as a password re-check makes it (<see cref="ISessionStore.RotateAsync"/>). Anything else is a refusal and changes nothing.
/// </summary>
[Authorize]
public sealed record CompleteSsoStepUpCommand(
    Guid ConnectionId,
    Guid SessionId,
    string Subject,
    string? IdpSessionId,
    DateTimeOffset? AuthTime,
    DateTimeOffset RequestedAt,
    string? ProtectedIdToken) : ICommand<IssuedSession>, IRefusedWhileImpersonating
{
    /// <summary>How far the IdP's clock may be behind ours: <c>auth_time</c> may be this much before the request.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromSeconds(30);

    public override string ToString() => nameof(CompleteSsoStepUpCommand);
}

/// <summary>
/// What RP-initiated logout needs for the current session, read before it ends: the connection (its provider id) and
/// the session's encrypted ID token, when the session was signed in through an IdP that offers an
/// <c>end_session_endpoint</c>; null otherwise.
/// </summary>
[Authorize]
public sealed record GetSsoSignOutQuery : IQuery<SsoSignOut?>;

public sealed record SsoSignOut(string ProviderId, string ProtectedIdToken);

internal sealed class SsoStepUpHandlers(
    IApplicationDbContext db,
    ICurrentSession current,
    ICurrentTenant currentTenant,
    ISessionStore store,
    TimeProvider clock,
    ILogger<SsoStepUpHandlers> logger)
    : IQueryHandler<GetSsoStepUpQuery, SsoStepUpOffer?>,
      ICommandHandler<CompleteSsoStepUpCommand, IssuedSession>,
      IQueryHandler<GetSsoSignOutQuery, SsoSignOut?>
{
    public async ValueTask<SsoStepUpOffer?> Handle(GetSsoStepUpQuery query, CancellationToken cancellationToken)
    {
        if (currentTenant.Tenant is null || current.SessionId is not { } sessionId)
        {
            return null;
        }

        var offer = await (
            from link in db.SsoSessionLinks
            join connection in db.SsoConnections on link.ConnectionId equals connection.Id
            join user in db.Users on link.UserId equals user.Id
            where link.SessionId == sessionId && link.UserId == current.UserId
            select new { connection.ProviderId, connection.DisplayName, HasPassword = user.PasswordHash != null })
            .AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return offer is null ? null : new SsoStepUpOffer(offer.ProviderId, offer.DisplayName, offer.HasPassword);
    }

    public async ValueTask<IssuedSession> Handle(CompleteSsoStepUpCommand command, CancellationToken cancellationToken)
    {
        var tenant = currentTenant.Tenant ?? throw SsoRefusals.Refuse(SsoRefusals.UnknownConnection);
        if (current.SessionId != command.SessionId)
        {
            // The state was minted for another session (one that has since signed out, or another person's browser).
            throw SsoRefusals.Refuse(SsoRefusals.StepUpOtherAccount);
        }

        var link = await db.SsoSessionLinks.SingleOrDefaultAsync(l => l.SessionId == command.SessionId, cancellationToken);
        if (link is null || link.ConnectionId != command.ConnectionId || link.UserId != current.UserId || link.Subject != command.Subject)
        {
            throw SsoRefusals.Refuse(SsoRefusals.StepUpOtherAccount);
        }

        if (command.AuthTime is not { } authTime || authTime < command.RequestedAt - CompleteSsoStepUpCommand.AllowedSkew)
        {
            logger.LogInformation(
                "Step-up of session {SessionId} through SSO connection {ConnectionId} refused: the IdP did not authenticate again (auth_time {AuthTime}, asked at {RequestedAt})",
                command.SessionId, command.ConnectionId, command.AuthTime, command.RequestedAt);
            throw SsoRefusals.Refuse(SsoRefusals.StepUpNotFresh);
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == link.UserId, cancellationToken)
            ?? throw new RefusalException(ErrorCodes.SessionRevoked, "This session has ended. Sign in again.");
        if (Bans.IsBanned(user.LockoutEnd))
        {
            throw SsoRefusals.Refuse(SsoRefusals.AccountDisabled);
        }

        var issued = await store.RotateAsync(user, command.SessionId, tenant, cancellationToken);
        link.IdpSessionId = command.IdpSessionId ?? link.IdpSessionId;
        link.ProtectedIdToken = command.ProtectedIdToken ?? link.ProtectedIdToken;
        store.Record(AuditActions.Reauthenticated, tenant.Id, user.Id, issued.Session.Id, AuthenticationMethods.Sso);
        logger.LogInformation("User {UserId} re-authenticated session {SessionId} at the IdP of SSO connection {ConnectionId} (auth_time {AuthTime}, now {Now})",
            user.Id, issued.Session.Id, command.ConnectionId, authTime, clock.GetUtcNow());
        return issued;
    }

    public async ValueTask<SsoSignOut?> Handle(GetSsoSignOutQuery query, CancellationToken cancellationToken)
    {
        if (currentTenant.Tenant is null || current.SessionId is not { } sessionId)
        {
            return null;
        }

        var found = await (
            from link in db.SsoSessionLinks
            join connection in db.SsoConnections on link.ConnectionId equals connection.Id
            where link.SessionId == sessionId && link.ProtectedIdToken != null && connection.EndSessionEndpoint != null
            select new { connection.ProviderId, link.ProtectedIdToken })
            .AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : new SsoSignOut(found.ProviderId, found.ProtectedIdToken!);
    }
}
