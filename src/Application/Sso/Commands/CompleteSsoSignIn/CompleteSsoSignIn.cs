using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Sso;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sso.Commands.CompleteSsoSignIn;

/// <summary>
/// The IdP vouched for someone (the OpenIdConnect handler checked the code, PKCE, state, nonce and the ID token): find
/// or make their member and issue a session recording method <c>sso</c>, the issuer, <c>sub</c> and <c>sid</c>.
/// Someone already linked to this connection's <c>sub</c> signs in. Otherwise the IdP must assert a verified e-mail at a
/// verified domain of the connection: an existing member with that address is linked, or a new member is created with
/// the connection's default role. Anything else is a <see cref="SsoRefusals"/> refusal and changes nothing.
/// </summary>
/// <remarks><paramref name="ProtectedIdToken"/>: the ID token encrypted with Data Protection, kept for RP-initiated logout (ADR-027).</remarks>
public sealed record CompleteSsoSignInCommand(Guid ConnectionId, SsoIdentity Identity, ClientInfo Client, string? ProtectedIdToken = null) : ICommand<IssuedSession>
{
    public override string ToString() => $"{nameof(CompleteSsoSignInCommand)} {{ ConnectionId = {ConnectionId} }}";
}

/// <summary>What the validated ID token (and userinfo) said.</summary>
public sealed record SsoIdentity(string Subject, string? IdpSessionId, string? Email, bool EmailVerified, string? Name);

internal sealed class CompleteSsoSignInHandler(
    IApplicationDbContext db,
    ISessionStore store,
    UserManager<ApplicationUser> users,
    ICurrentTenant currentTenant,
    TimeProvider clock,
    ILogger<CompleteSsoSignInHandler> logger) : ICommandHandler<CompleteSsoSignInCommand, IssuedSession>
{
    public static string LoginProvider(Guid connectionId) => $"sso:{connectionId:N}";

    public async ValueTask<IssuedSession> Handle(CompleteSsoSignInCommand command, CancellationToken cancellationToken)
    {
        var tenant = currentTenant.Tenant ?? throw SsoRefusals.Refuse(SsoRefusals.UnknownConnection);
        if (!tenant.IsActive)
        {
            throw SsoRefusals.Refuse(SsoRefusals.WorkspaceSuspended);
        }

        var connection = await db.SsoConnections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == command.ConnectionId, cancellationToken)
            ?? throw SsoRefusals.Refuse(SsoRefusals.UnknownConnection);
        var identity = command.Identity;
        var loginProvider = LoginProvider(connection.Id);
        var user = await users.FindByLoginAsync(loginProvider, identity.Subject);
        if (user is not null && user.TenantId != tenant.Id)
        {
            user = null;
        }

        var now = clock.GetUtcNow();
        if (user is null)
        {
            var email = identity.Email?.Trim();
            if (string.IsNullOrEmpty(email) || !Common.Validation.EmailAddresses.IsValid(email))
            {
                throw SsoRefusals.Refuse(SsoRefusals.NoEmail);
            }

            if (!connection.Serves(email[(email.LastIndexOf('@') + 1)..]))
            {
                throw SsoRefusals.Refuse(SsoRefusals.DomainNotServed);
            }

            if (!connection.DomainVerified)
            {
                throw SsoRefusals.Refuse(SsoRefusals.DomainNotVerified);
            }

            if (!identity.EmailVerified)
            {
                throw SsoRefusals.Refuse(SsoRefusals.EmailNotVerified);
            }

            var normalized = users.NormalizeEmail(email);
            user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
            if (user is null)
            {
                user = ApplicationUser.Create(tenant.Id, email, string.IsNullOrWhiteSpace(identity.Name) ? email.Split('@')[0] : identity.Name.Trim(), now, emailConfirmed: true);
                var created = await users.CreateAsync(user);
                if (!created.Succeeded)
                {
                    logger.LogWarning("Provisioning a member through SSO connection {ConnectionId} failed: {Errors}", connection.Id, string.Join("; ", created.Errors.Select(e => e.Code)));
                    throw SsoRefusals.Refuse(SsoRefusals.Failed);
                }

                await users.AddToRoleAsync(user, connection.DefaultRole);
                store.Record(SsoReasons.MemberProvisioned, tenant.Id, user.Id, null, $"{connection.DisplayName} ({connection.DefaultRole})", user.Id);
            }
            else
            {
                store.Record(SsoReasons.AccountLinked, tenant.Id, user.Id, null, connection.DisplayName, user.Id);
            }

            await users.AddLoginAsync(user, new UserLoginInfo(loginProvider, identity.Subject, connection.DisplayName));
        }

        if (Bans.IsBanned(user.LockoutEnd))
        {
            throw SsoRefusals.Refuse(SsoRefusals.AccountDisabled);
        }

        var issued = await store.IssueAsync(user, tenant, persistent: false, command.Client, AuditActions.SignedIn, AuthenticationMethods.Sso, cancellationToken);
        db.SsoSessionLinks.Add(new SsoSessionLink(issued.Session.Id, tenant.Id, connection.Id, user.Id, connection.Issuer, identity.Subject, identity.IdpSessionId, now)
        {
            ProtectedIdToken = command.ProtectedIdToken,
        });
        logger.LogInformation("User {UserId} signed in to tenant {TenantId} through SSO connection {ConnectionId}", user.Id, tenant.Id, connection.Id);
        return issued;
    }
}
