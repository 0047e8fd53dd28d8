using TenantSessions.Application.Auth.Passwords;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Auth.Commands.AcceptInvitation;

/// <summary>
/// The invitee chooses a name and password: the account is created in the invitation's tenant with its role and a
/// verified e-mail (the link proved the address), the invitation is used up, and the invitee is signed in. A bad,
/// used, expired or cancelled link, and a link for an address that has meanwhile got an account, all get the same
/// answer (<c>INVALID_TOKEN</c>) after the same password-hashing work.
/// </summary>
public sealed record AcceptInvitationCommand(string Token, string Name, string Password, ClientInfo Client) : ICommand<IssuedSession>
{
    public override string ToString() => nameof(AcceptInvitationCommand);
}

/// <summary>What the invitation page shows before the invitee accepts (nothing secret: the e-mail the link was sent to).</summary>
public sealed record GetInvitationQuery(string Token) : IQuery<InvitationDetails>
{
    public override string ToString() => nameof(GetInvitationQuery);
}

public sealed record InvitationDetails(string Email, string Role, string Workspace);

public sealed class AcceptInvitationHandler(
    IApplicationDbContext db,
    IUnitOfWork unitOfWork,
    UserManager<ApplicationUser> users,
    ICurrentTenant currentTenant,
    ISessionStore store,
    TimeProvider clock,
    ILogger<AcceptInvitationHandler> logger,
    Sso.SsoEnforcement sso)
    : ICommandHandler<AcceptInvitationCommand, IssuedSession>, IQueryHandler<GetInvitationQuery, InvitationDetails>
{
    private static readonly ApplicationUser TimingDecoy = new() { Id = Guid.Empty, UserName = "decoy" };

    public async ValueTask<InvitationDetails> Handle(GetInvitationQuery query, CancellationToken cancellationToken)
    {
        var tenant = ActiveTenant();
        var invitation = await db.FindUsableAsync(AccountTokenPurpose.Invitation, query.Token, clock.GetUtcNow(), cancellationToken);
        return new InvitationDetails(invitation.Email, invitation.Role ?? Roles.Member, tenant.Name);
    }

    public async ValueTask<IssuedSession> Handle(AcceptInvitationCommand command, CancellationToken cancellationToken)
    {
        var tenant = ActiveTenant();
        var now = clock.GetUtcNow();
        AccountToken invitation;
        try
        {
            invitation = await db.FindUsableAsync(AccountTokenPurpose.Invitation, command.Token, now, cancellationToken);
            var normalized = users.NormalizeEmail(invitation.Email);
            if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken))
            {
                throw AccountTokens.Invalid();
            }
        }
        catch (RefusalException)
        {
            users.PasswordHasher.HashPassword(TimingDecoy, command.Password ?? "");
            throw;
        }

        // The invitee of an address the workspace signs in through its IdP joins by signing in there (first sign-in
        // provisions them), not with a password.
        await sso.ThrowIfRequiredAsync(invitation.Email, null, cancellationToken);

        if (string.IsNullOrWhiteSpace(command.Name) || command.Name.Trim().Length > 100)
        {
            throw new ValidationException("name", "Enter your name (at most 100 characters).");
        }

        var user = ApplicationUser.Create(tenant.Id, invitation.Email, command.Name, now, emailConfirmed: true);

        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange(PasswordRules.Describe((await validator.ValidateAsync(users, user, command.Password ?? "")).Errors));
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(new Dictionary<string, string[]> { ["password"] = errors.ToArray() });
        }

        await db.ConsumeAsync(unitOfWork, invitation, now, cancellationToken);
        var created = await users.CreateAsync(user, command.Password!);
        if (!created.Succeeded)
        {
            throw AccountTokens.Invalid();
        }

        await users.AddToRoleAsync(user, invitation.Role ?? Roles.Member);
        var issued = await store.IssueAsync(user, tenant, persistent: true, command.Client, AuditActions.InvitationAccepted, AuthenticationMethods.Password, cancellationToken);
        logger.LogInformation("User {UserId} joined tenant {TenantId} by invitation {InvitationId}", user.Id, tenant.Id, invitation.Id);
        return issued;
    }

    private Common.Models.TenantInfo ActiveTenant()
    {
        var tenant = currentTenant.Tenant ?? throw new NotFoundException("Invitations are opened on the workspace's own address.");
        return tenant.IsActive ? tenant : throw TenantErrors.Suspended(tenant);
    }
}
