using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Email;
using TenantSessions.Application.Sessions;
using TenantSessions.Application.Sso.Commands.RegisterSsoConnection;
using TenantSessions.Domain.Sso;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sso.Commands.UpdateSsoConnection;

/// <summary>
/// Changes part of a connection (Better Auth's <c>/sso/update-provider</c>): a null field keeps its value, an empty
/// secret keeps the stored one. A new issuer or discovery URL is discovered again; a changed domain is no longer
/// verified. Needs a fresh session.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record UpdateSsoConnectionCommand(
    string ProviderId,
    string? Name = null,
    string? Issuer = null,
    string? Domain = null,
    string? ClientId = null,
    string? ClientSecret = null,
    IReadOnlyList<string>? Scopes = null,
    string? DiscoveryEndpoint = null,
    bool? Pkce = null,
    SsoClaimMappingInput? Mapping = null,
    string? DefaultRole = null) : ICommand<SsoConnectionView>, IRequireFreshSession;

internal sealed class UpdateSsoConnectionValidator : AbstractValidator<UpdateSsoConnectionCommand>
{
    public UpdateSsoConnectionValidator()
    {
        RuleFor(c => c.Name).MaximumLength(100).WithMessage("Use at most 100 characters.");
        RuleFor(c => c.Issuer).Must(u => u is null || SsoConnectionRules.IsAllowedUrl(u)).WithMessage(SsoConnectionRules.UrlMessage);
        RuleFor(c => c.DiscoveryEndpoint).Must(u => u is null or "" || SsoConnectionRules.IsAllowedUrl(u)).WithMessage(SsoConnectionRules.UrlMessage);
        RuleFor(c => c.Domain).Must(d => d is null || SsoConnectionRules.AreDomains(d)).WithMessage(SsoConnectionRules.DomainMessage);
        RuleFor(c => c.ClientId).Must(id => id is null || id.Trim().Length > 0).WithMessage("Enter the client id the IdP gave this workspace.").MaximumLength(512);
        RuleFor(c => c.ClientSecret).MaximumLength(1024);
        RuleFor(c => c.Scopes).Must(SsoConnectionRules.AreScopes).WithMessage("Scopes are words without spaces or quotes.");
        RuleFor(c => c.Mapping).Must(m => m is null || (SsoConnectionRules.IsClaimName(m.Email) && SsoConnectionRules.IsClaimName(m.EmailVerified) && SsoConnectionRules.IsClaimName(m.Name)))
            .WithMessage("A claim name is letters, digits and _ - . : / only.");
        RuleFor(c => c.DefaultRole).Must(r => r is null || r is Roles.Member or Roles.TenantAdmin).WithMessage("The role must be Member or TenantAdmin.");
    }
}

internal sealed class UpdateSsoConnectionHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentTenant currentTenant,
    IOidcDiscovery discovery,
    ISsoSecrets secrets,
    IAppLinks links,
    TimeProvider clock) : ICommandHandler<UpdateSsoConnectionCommand, SsoConnectionView>
{
    public async ValueTask<SsoConnectionView> Handle(UpdateSsoConnectionCommand command, CancellationToken cancellationToken)
    {
        var tenant = currentTenant.Tenant!;
        var connection = await db.SsoConnections.SingleOrDefaultAsync(c => c.ProviderId == command.ProviderId, cancellationToken)
            ?? throw new NotFoundException("This workspace has no such SSO connection.");

        var issuer = command.Issuer?.Trim() ?? connection.Issuer;
        var discoveryEndpoint = command.DiscoveryEndpoint is null ? connection.DiscoveryEndpoint : command.DiscoveryEndpoint.Trim();
        if (issuer != connection.Issuer || discoveryEndpoint != connection.DiscoveryEndpoint)
        {
            SsoConnectionApply.Endpoints(connection, await discovery.DiscoverAsync(issuer, discoveryEndpoint.Length == 0 ? null : discoveryEndpoint, cancellationToken));
        }

        if (command.Domain is not null)
        {
            var domain = string.Join(',', SsoConnectionRules.SplitDomains(command.Domain));
            if (domain != connection.Domain)
            {
                connection.ChangeDomains(domain);
            }
        }

        if (!string.IsNullOrWhiteSpace(command.Name))
        {
            connection.DisplayName = command.Name.Trim();
        }

        connection.ClientId = command.ClientId?.Trim() ?? connection.ClientId;
        if (!string.IsNullOrEmpty(command.ClientSecret))
        {
            connection.ProtectedClientSecret = secrets.Protect(command.ClientSecret);
        }

        if (command.Scopes is not null)
        {
            connection.Scopes = SsoConnectionRules.NormalizeScopes(command.Scopes);
        }

        connection.Pkce = command.Pkce ?? connection.Pkce;
        connection.DefaultRole = command.DefaultRole ?? connection.DefaultRole;
        SsoConnectionApply.Mapping(connection, command.Mapping);
        connection.UpdatedAt = clock.GetUtcNow();
        store.Record(SsoReasons.ConnectionChanged, tenant.Id, null, null, connection.ProviderId);
        return SsoConnectionRules.View(connection, links.Tenant(tenant.Slug, SsoConnectionRules.CallbackPath(connection.ProviderId)));
    }
}
