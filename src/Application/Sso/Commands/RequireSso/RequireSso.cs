using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sso;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sso.Commands.RequireSso;

/// <summary>The workspace's SSO requirement: on or off, and the break-glass administrator (id and address) if one is chosen.</summary>
public sealed record SsoRequirement(bool Required, Guid? BreakGlassUserId, string? BreakGlassEmail, IReadOnlyList<string> VerifiedDomains)
{
    /// <summary>Who may be chosen as the break-glass account: the workspace's administrators.</summary>
    public IReadOnlyList<SsoAdministrator> Administrators { get; init; } = [];
}

public sealed record SsoAdministrator(Guid Id, string Email, string Name);

[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record GetSsoRequirementQuery : IQuery<SsoRequirement>;

/// <summary>
/// Turns the SSO requirement on or off. On, addresses at the verified domains of the workspace's connections can no
/// longer sign in, reset or sign up with a password — except the break-glass account, which must be an administrator of
/// this workspace. Turning it on needs a verified domain. Fresh session; audited.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record RequireSsoCommand(bool Required, Guid? BreakGlassUserId) : ICommand<SsoRequirement>, IRequireFreshSession;

internal sealed class RequireSsoHandler(IApplicationDbContext db, ISessionStore store, ICurrentTenant currentTenant, ICurrentSession current)
    : IQueryHandler<GetSsoRequirementQuery, SsoRequirement>, ICommandHandler<RequireSsoCommand, SsoRequirement>
{
    public async ValueTask<SsoRequirement> Handle(GetSsoRequirementQuery query, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == currentTenant.Id, cancellationToken);
        return await ViewAsync(tenant.SsoRequired, tenant.SsoBreakGlassUserId, cancellationToken);
    }

    public async ValueTask<SsoRequirement> Handle(RequireSsoCommand command, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.SingleAsync(t => t.Id == currentTenant.Id, cancellationToken);
        string? breakGlass = null;
        if (command.BreakGlassUserId is { } id)
        {
            // A member of another workspace is not found here (query filter), exactly like one that does not exist.
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken)
                ?? throw new ValidationException("breakGlassUserId", "Choose an administrator of this workspace.");
            if (!await IsAdministratorAsync(id, cancellationToken))
            {
                throw new ValidationException("breakGlassUserId", "The break-glass account must be an administrator of this workspace.");
            }

            breakGlass = user.Email;
        }

        if (command.Required && !await db.SsoConnections.AnyAsync(c => c.DomainVerified, cancellationToken))
        {
            throw new ValidationException("required", "Verify a connection's domains first: only addresses at verified domains can be required to use single sign-on.");
        }

        tenant.RequireSso(command.Required, command.BreakGlassUserId);
        store.Record(SsoReasons.SsoRequirementChanged, tenant.Id, command.BreakGlassUserId, null,
            $"SSO required: {(command.Required ? "yes" : "no")}; break-glass: {breakGlass ?? "none"}", current.UserId);
        return await ViewAsync(command.Required, command.BreakGlassUserId, cancellationToken);
    }

    private async Task<SsoRequirement> ViewAsync(bool required, Guid? breakGlassUserId, CancellationToken cancellationToken)
    {
        var email = breakGlassUserId is { } id ? await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken) : null;
        var domains = (await db.SsoConnections.AsNoTracking().Where(c => c.DomainVerified).Select(c => c.Domain).ToListAsync(cancellationToken))
            .SelectMany(SsoConnectionRules.SplitDomains).Distinct().Order(StringComparer.Ordinal).ToList();
        var adminRole = await db.Roles.AsNoTracking().Where(r => r.Name == Roles.TenantAdmin).Select(r => r.Id).SingleOrDefaultAsync(cancellationToken);
        var admins = await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == adminRole))
            .OrderBy(u => u.Email)
            .Select(u => new SsoAdministrator(u.Id, u.Email ?? "", u.DisplayName))
            .ToListAsync(cancellationToken);
        return new SsoRequirement(required, email is null ? null : breakGlassUserId, email, domains) { Administrators = admins };
    }

    private async Task<bool> IsAdministratorAsync(Guid userId, CancellationToken cancellationToken)
    {
        var adminRole = await db.Roles.AsNoTracking().Where(r => r.Name == Roles.TenantAdmin).Select(r => r.Id).SingleOrDefaultAsync(cancellationToken);
        return await db.UserRoles.AnyAsync(r => r.UserId == userId && r.RoleId == adminRole, cancellationToken);
    }
}
