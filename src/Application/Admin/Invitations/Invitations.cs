using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Auth;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Common.Validation;
using TenantSessions.Application.Email;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Invitations;

/// <summary>
/// A tenant admin invites someone by e-mail with a role. The invitation is single-use, expires after
/// <see cref="InvitationRules.Lifetime"/> and is stored hashed; inviting an address with a pending invitation renews it
/// (new link, new expiry: the old link stops working). Needs a fresh session (it acts on other people).
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record InviteMemberCommand(string Email, string Role) : ICommand<InvitationSummary>, IRequireFreshSession;

/// <summary>Sends a pending invitation again with a new link and a new expiry.</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record ResendInvitationCommand(Guid InvitationId) : ICommand<InvitationSummary>, IRequireFreshSession;

[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record CancelInvitationCommand(Guid InvitationId) : ICommand, IRequireFreshSession;

/// <summary>Invitations of the current tenant not yet accepted or cancelled (expired ones too, marked so).</summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record ListInvitationsQuery : IQuery<IReadOnlyList<InvitationSummary>>;

public sealed record InvitationSummary(Guid Id, string Email, string Role, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, bool Expired);

public static class InvitationRules
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public static readonly string[] Roles = [Domain.Users.Roles.Member, Domain.Users.Roles.TenantAdmin];

    /// <summary>Writes an invitation and its e-mail (the caller saves). Used by admins and by the platform's "create a workspace".</summary>
    public static AccountToken Issue(IApplicationDbContext db, ISessionStore store, IAppLinks links, Guid tenantId, string slug, string workspace, string email, string role, string invitedBy, Guid? actorId, DateTimeOffset now)
    {
        var (token, secret) = AccountTokens.Create(AccountTokenPurpose.Invitation, tenantId, null, email, now, Lifetime);
        token.Role = role;
        token.CreatedBy = actorId;
        db.AccountTokens.Add(token);
        db.EmailOutbox.Add(AccountEmails.Invitation(tenantId, workspace, email, invitedBy, role, links.Tenant(slug, $"/accept-invitation?token={secret}"), now, Lifetime));
        store.Record(AuditActions.InvitationSent, tenantId, null, null, $"{role} {email}", actorId);
        return token;
    }

    public static InvitationSummary Summary(AccountToken t, DateTimeOffset now) => new(t.Id, t.Email, t.Role ?? Domain.Users.Roles.Member, t.CreatedAt, t.ExpiresAt, t.ExpiresAt <= now);
}

internal sealed class InviteMemberValidator : AbstractValidator<InviteMemberCommand>
{
    public InviteMemberValidator()
    {
        RuleFor(c => c.Email).ValidEmailAddress("Enter the e-mail address to invite.");
        RuleFor(c => c.Role).Must(r => InvitationRules.Roles.Contains(r)).WithMessage($"The role must be one of: {string.Join(", ", InvitationRules.Roles)}.");
    }
}

public sealed class InvitationsHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ILookupNormalizer normalizer,
    ICurrentTenant currentTenant,
    ICurrentSession current,
    IAppLinks links,
    TimeProvider clock,
    ILogger<InvitationsHandler> logger)
    : ICommandHandler<InviteMemberCommand, InvitationSummary>,
      ICommandHandler<ResendInvitationCommand, InvitationSummary>,
      ICommandHandler<CancelInvitationCommand>,
      IQueryHandler<ListInvitationsQuery, IReadOnlyList<InvitationSummary>>
{
    public async ValueTask<InvitationSummary> Handle(InviteMemberCommand command, CancellationToken cancellationToken)
    {
        var tenant = currentTenant.Tenant!;
        var email = command.Email.Trim();
        var normalized = normalizer.NormalizeEmail(email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken))
        {
            throw new RefusalException(ErrorCodes.Conflict, $"{email} is already a member of {tenant.Name}.");
        }

        var now = clock.GetUtcNow();
        var pending = await Pending().Where(t => t.Email == email).ToListAsync(cancellationToken);
        foreach (var old in pending)
        {
            old.Cancel(now);
        }

        var inviter = await InviterAsync(cancellationToken);
        var token = InvitationRules.Issue(db, store, links, tenant.Id, tenant.Slug, tenant.Name, email, command.Role, inviter, current.UserId, now);
        logger.LogInformation("Admin {AdminId} invited a {Role} to tenant {TenantId}", current.UserId, command.Role, tenant.Id);
        return InvitationRules.Summary(token, now);
    }

    public async ValueTask<InvitationSummary> Handle(ResendInvitationCommand command, CancellationToken cancellationToken)
    {
        var tenant = currentTenant.Tenant!;
        var old = await Pending().SingleOrDefaultAsync(t => t.Id == command.InvitationId, cancellationToken)
            ?? throw new NotFoundException("There is no such pending invitation in this workspace.");
        var now = clock.GetUtcNow();
        old.Cancel(now);
        var inviter = await InviterAsync(cancellationToken);
        var token = InvitationRules.Issue(db, store, links, tenant.Id, tenant.Slug, tenant.Name, old.Email, old.Role ?? Roles.Member, inviter, current.UserId, now);
        return InvitationRules.Summary(token, now);
    }

    public async ValueTask<Unit> Handle(CancelInvitationCommand command, CancellationToken cancellationToken)
    {
        var invitation = await Pending().SingleOrDefaultAsync(t => t.Id == command.InvitationId, cancellationToken)
            ?? throw new NotFoundException("There is no such pending invitation in this workspace.");
        var now = clock.GetUtcNow();
        invitation.Cancel(now);
        store.Record(AuditActions.InvitationCancelled, invitation.TenantId, null, null, invitation.Email);
        return Unit.Value;
    }

    public async ValueTask<IReadOnlyList<InvitationSummary>> Handle(ListInvitationsQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await Pending().AsNoTracking().OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);
        return rows.Select(t => InvitationRules.Summary(t, now)).ToList();
    }

    private IQueryable<AccountToken> Pending() =>
        db.AccountTokens.Where(t => t.Purpose == AccountTokenPurpose.Invitation && t.UsedAt == null && t.CancelledAt == null);

    private async Task<string> InviterAsync(CancellationToken cancellationToken)
    {
        var name = await db.Users.Where(u => u.Id == current.UserId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(name) ? "An administrator" : name;
    }
}
