using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Common.Interfaces;

namespace TenantSessions.Application.Sso.Queries.GetSsoSignInSettings;

/// <summary>
/// The connection a sign-in goes through, by its provider id, or by the domain of an e-mail address (home-realm
/// discovery: only a verified domain routes). Anyone on the workspace host may ask; another workspace's connection
/// is never found.
/// </summary>
public sealed record GetSsoSignInSettingsQuery(string? ProviderId, string? Email = null, string? Domain = null) : IQuery<SsoSignInSettings>;

/// <summary>The connections people may pick on the sign-in page ("Continue with {Name}").</summary>
public sealed record ListSignInConnectionsQuery : IQuery<IReadOnlyList<SignInConnection>>;

public sealed record SignInConnection(string ProviderId, string Name);

/// <summary>What the protocol needs; the secret stays encrypted until the handler is built.</summary>
public sealed record SsoSignInSettings(
    Guid ConnectionId,
    Guid TenantId,
    string TenantSlug,
    string ProviderId,
    string Name,
    string Issuer,
    string ClientId,
    string ProtectedClientSecret,
    IReadOnlyList<string> Scopes,
    bool Pkce,
    string DiscoveryEndpoint,
    string? UserInfoEndpoint,
    string? EndSessionEndpoint,
    SsoClaimMapping Mapping,
    DateTimeOffset UpdatedAt);

internal sealed class GetSsoSignInSettingsHandler(IApplicationDbContext db, ICurrentTenant currentTenant)
    : IQueryHandler<GetSsoSignInSettingsQuery, SsoSignInSettings>, IQueryHandler<ListSignInConnectionsQuery, IReadOnlyList<SignInConnection>>
{
    public async ValueTask<SsoSignInSettings> Handle(GetSsoSignInSettingsQuery query, CancellationToken cancellationToken)
    {
        var tenant = currentTenant.Tenant ?? throw SsoRefusals.Refuse(SsoRefusals.UnknownConnection);
        if (!tenant.IsActive)
        {
            throw SsoRefusals.Refuse(SsoRefusals.WorkspaceSuspended);
        }

        var connections = db.SsoConnections.AsNoTracking();
        Domain.Sso.SsoConnection? connection;
        if (!string.IsNullOrWhiteSpace(query.ProviderId))
        {
            connection = await connections.SingleOrDefaultAsync(c => c.ProviderId == query.ProviderId, cancellationToken);
        }
        else
        {
            var domain = (query.Domain ?? query.Email?.Split('@').LastOrDefault() ?? "").Trim().ToLowerInvariant();
            connection = domain.Length == 0 || domain.Length > 253
                ? null
                : (await connections.Where(c => c.DomainVerified).ToListAsync(cancellationToken)).FirstOrDefault(c => c.Serves(domain));
        }

        if (connection is null)
        {
            throw SsoRefusals.Refuse(SsoRefusals.UnknownConnection);
        }

        return new SsoSignInSettings(
            connection.Id, tenant.Id, tenant.Slug, connection.ProviderId, connection.DisplayName, connection.Issuer, connection.ClientId,
            connection.ProtectedClientSecret, connection.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), connection.Pkce,
            connection.DiscoveryEndpoint, connection.UserInfoEndpoint, connection.EndSessionEndpoint,
            new SsoClaimMapping(connection.EmailClaim, connection.EmailVerifiedClaim, connection.NameClaim), connection.UpdatedAt);
    }

    public async ValueTask<IReadOnlyList<SignInConnection>> Handle(ListSignInConnectionsQuery query, CancellationToken cancellationToken) =>
        currentTenant.Tenant is null
            ? []
            : await db.SsoConnections.AsNoTracking().OrderBy(c => c.DisplayName).Select(c => new SignInConnection(c.ProviderId, c.DisplayName)).ToListAsync(cancellationToken);
}
