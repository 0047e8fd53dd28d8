using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Application.Email;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sso;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Sso.Commands.RegisterSsoConnection;

/// <summary>
/// A tenant admin adds an OIDC connection to the workspace (Better Auth's <c>/sso/register</c>). The issuer's discovery
/// document is read now: a connection whose IdP cannot be reached, or that names another issuer, is not saved. The
/// secret is stored encrypted and never returned. Needs a fresh session (it decides who can sign in).
/// </summary>
[Authorize(Roles = Roles.TenantAdmin, Scope = AuthorizationScope.TenantHost)]
public sealed record RegisterSsoConnectionCommand(
    string ProviderId,
    string? Name,
    string Issuer,
    string Domain,
    string ClientId,
    string ClientSecret,
    IReadOnlyList<string>? Scopes = null,
    string? DiscoveryEndpoint = null,
    bool Pkce = true,
    SsoClaimMappingInput? Mapping = null,
    string? DefaultRole = null) : ICommand<SsoConnectionView>, IRequireFreshSession;

/// <summary>Claim names to read the e-mail, its verified flag and the name from; null = the standard claim.</summary>
public sealed record SsoClaimMappingInput(string? Email, string? EmailVerified, string? Name);

internal sealed class RegisterSsoConnectionValidator : AbstractValidator<RegisterSsoConnectionCommand>
{
    public RegisterSsoConnectionValidator()
    {
        RuleFor(c => c.ProviderId).Must(SsoConnectionRules.IsProviderId).WithMessage(SsoConnectionRules.ProviderIdMessage);
        RuleFor(c => c.Name).MaximumLength(100).WithMessage("Use at most 100 characters.");
        RuleFor(c => c.Issuer).Must(SsoConnectionRules.IsAllowedUrl).WithMessage(SsoConnectionRules.UrlMessage);
        RuleFor(c => c.DiscoveryEndpoint).Must(u => u is null or "" || SsoConnectionRules.IsAllowedUrl(u)).WithMessage(SsoConnectionRules.UrlMessage);
        RuleFor(c => c.Domain).Must(SsoConnectionRules.AreDomains).WithMessage(SsoConnectionRules.DomainMessage);
        RuleFor(c => c.ClientId).NotEmpty().WithMessage("Enter the client id the IdP gave this workspace.").MaximumLength(512);
        RuleFor(c => c.ClientSecret).NotEmpty().WithMessage("Enter the client secret the IdP gave this workspace.").MaximumLength(1024);
        RuleFor(c => c.Scopes).Must(SsoConnectionRules.AreScopes).WithMessage("Scopes are words without spaces or quotes.");
        RuleFor(c => c.Mapping).Must(m => m is null || (SsoConnectionRules.IsClaimName(m.Email) && SsoConnectionRules.IsClaimName(m.EmailVerified) && SsoConnectionRules.IsClaimName(m.Name)))
            .WithMessage("A claim name is letters, digits and _ - . : / only.");
        RuleFor(c => c.DefaultRole).Must(r => r is null || r is Roles.Member or Roles.TenantAdmin).WithMessage("The role must be Member or TenantAdmin.");
    }
}

internal sealed class RegisterSsoConnectionHandler(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentTenant currentTenant,
    ICurrentSession current,
    IOidcDiscovery discovery,
    ISsoSecrets secrets,
    IAppLinks links,
    TimeProvider clock) : ICommandHandler<RegisterSsoConnectionCommand, SsoConnectionView>
{
    public async ValueTask<SsoConnectionView> Handle(RegisterSsoConnectionCommand command, CancellationToken cancellationToken)
    {
        var tenant = currentTenant.Tenant!;
        if (await db.SsoConnections.AnyAsync(c => c.ProviderId == command.ProviderId, cancellationToken))
        {
            throw new Common.Exceptions.ValidationException("providerId", $"This workspace already has a connection named {command.ProviderId}.");
        }

        var found = await discovery.DiscoverAsync(command.Issuer.Trim(), NullIfEmpty(command.DiscoveryEndpoint), cancellationToken);
        var now = clock.GetUtcNow();
        var connection = new SsoConnection(Guid.NewGuid(), tenant.Id, command.ProviderId, now, current.UserId)
        {
            DisplayName = string.IsNullOrWhiteSpace(command.Name) ? command.ProviderId : command.Name.Trim(),
            Domain = string.Join(',', SsoConnectionRules.SplitDomains(command.Domain)),
            ClientId = command.ClientId.Trim(),
            ProtectedClientSecret = secrets.Protect(command.ClientSecret),
            Scopes = SsoConnectionRules.NormalizeScopes(command.Scopes),
            Pkce = command.Pkce,
            DefaultRole = command.DefaultRole ?? Roles.Member,
        };
        SsoConnectionApply.Endpoints(connection, found);
        SsoConnectionApply.Mapping(connection, command.Mapping);
        db.SsoConnections.Add(connection);
        store.Record(SsoReasons.ConnectionAdded, tenant.Id, null, null, $"{connection.ProviderId} ({connection.Issuer})");
        return SsoConnectionRules.View(connection, links.Tenant(tenant.Slug, SsoConnectionRules.CallbackPath(connection.ProviderId)));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

internal static class SsoConnectionApply
{
    public static void Endpoints(SsoConnection connection, DiscoveredIssuer found)
    {
        connection.Issuer = found.Issuer;
        connection.DiscoveryEndpoint = found.DiscoveryEndpoint;
        connection.AuthorizationEndpoint = found.AuthorizationEndpoint;
        connection.TokenEndpoint = found.TokenEndpoint;
        connection.UserInfoEndpoint = found.UserInfoEndpoint;
        connection.JwksEndpoint = found.JwksEndpoint;
        connection.EndSessionEndpoint = found.EndSessionEndpoint;
    }

    public static void Mapping(SsoConnection connection, SsoClaimMappingInput? mapping)
    {
        if (mapping is null)
        {
            return;
        }

        connection.EmailClaim = string.IsNullOrWhiteSpace(mapping.Email) ? "email" : mapping.Email;
        connection.EmailVerifiedClaim = string.IsNullOrWhiteSpace(mapping.EmailVerified) ? "email_verified" : mapping.EmailVerified;
        connection.NameClaim = string.IsNullOrWhiteSpace(mapping.Name) ? "name" : mapping.Name;
    }
}
