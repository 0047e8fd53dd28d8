using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Sso;
using TenantSessions.Application.Sso.Commands.DeleteSsoConnection;
using TenantSessions.Application.Sso.Commands.RegisterSsoConnection;
using TenantSessions.Application.Sso.Commands.RequireSso;
using TenantSessions.Application.Sso.Commands.UpdateSsoConnection;
using TenantSessions.Application.Sso.Commands.VerifySsoDomain;
using TenantSessions.Application.Sso.Queries.ListSsoConnections;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Endpoints;
using TenantSessions.Web.Infrastructure;

namespace TenantSessions.Web.Sso;

/// <summary>Better Auth's <c>oidcConfig.mapping</c>.</summary>
public sealed record SsoMappingBody(string? Email, string? EmailVerified, string? Name)
{
    public SsoClaimMappingInput Input() => new(Email, EmailVerified, Name);
}

/// <summary>Better Auth's <c>oidcConfig</c> (the fields this server uses; the rest are ignored).</summary>
public sealed record SsoOidcConfigBody(
    string? ClientId,
    string? ClientSecret,
    string? DiscoveryEndpoint,
    IReadOnlyList<string>? Scopes,
    bool? Pkce,
    SsoMappingBody? Mapping);

/// <summary>The body of <c>/sso/register</c> and <c>/sso/update-provider</c>; <c>name</c> and <c>defaultRole</c> are this server's additional fields.</summary>
public sealed record SsoProviderBody(
    string? ProviderId,
    string? Issuer,
    string? Domain,
    SsoOidcConfigBody? OidcConfig,
    string? Name,
    string? DefaultRole);

public sealed record SsoProviderIdBody(string? ProviderId);

/// <summary>
/// Better Auth's <c>request-domain-verification</c> answer (<c>domainVerificationToken</c>), with what to publish spelled
/// out: one TXT record per domain of the connection, and until when the token is accepted.
/// </summary>
public sealed record DomainVerificationResponse(string DomainVerificationToken, IReadOnlyList<DomainTxtRecord> Records, DateTimeOffset ExpiresAt);

/// <summary>The workspace's SSO requirement (this server's route, not Better Auth's).</summary>
public sealed record SsoRequirementBody(bool? Required, Guid? BreakGlassUserId);

public sealed record SsoRequirementResponse(bool Required, Guid? BreakGlassUserId, string? BreakGlassEmail, IReadOnlyList<string> VerifiedDomains)
{
    public static SsoRequirementResponse From(SsoRequirement r) => new(r.Required, r.BreakGlassUserId, r.BreakGlassEmail, r.VerifiedDomains);
}

public sealed record SsoOidcConfigDto(
    string DiscoveryEndpoint,
    string ClientIdLastFour,
    bool Pkce,
    string AuthorizationEndpoint,
    string TokenEndpoint,
    string? UserInfoEndpoint,
    string JwksEndpoint,
    string? EndSessionEndpoint,
    IReadOnlyList<string> Scopes,
    string TokenEndpointAuthentication,
    SsoClaimMapping Mapping);

/// <summary>Better Auth's sanitized provider: never the client secret.</summary>
public sealed record SsoProviderDto(
    string ProviderId,
    string Type,
    string Name,
    string Issuer,
    string Domain,
    string? OrganizationId,
    bool DomainVerified,
    string DefaultRole,
    SsoOidcConfigDto OidcConfig,
    [property: JsonPropertyName("redirectURI")] string RedirectUri,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static SsoProviderDto From(SsoConnectionView v) => new(
        v.ProviderId, "oidc", v.Name, v.Issuer, v.Domain, null, v.DomainVerified, v.DefaultRole,
        new SsoOidcConfigDto(v.DiscoveryEndpoint, v.ClientIdLastFour, v.Pkce, v.AuthorizationEndpoint, v.TokenEndpoint, v.UserInfoEndpoint,
            v.JwksEndpoint, v.EndSessionEndpoint, v.Scopes, "client_secret_post", v.Mapping),
        v.RedirectUri, v.CreatedAt, v.UpdatedAt);
}

public sealed record SsoProvidersResponse(IReadOnlyList<SsoProviderDto> Providers);

/// <summary>
/// The workspace's OIDC connections, shaped after Better Auth's <c>@better-auth/sso</c> routes, for its admins: the
/// commands check the role and the fresh session; a provider id of another workspace is a 404 like a missing one.
/// </summary>
public static class SsoConnectionEndpoints
{
    public static RouteGroupBuilder MapSsoConnectionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/sso").WithTags("Single sign-on")
            .AddEndpointFilter<OriginCheckFilter>()
            .RequireAuthorization(policy => policy.RequireRole(Roles.TenantAdmin));
        group.MapPost("/register", Register);
        group.MapGet("/providers", List);
        group.MapGet("/get-provider", Get);
        group.MapPost("/update-provider", Update);
        group.MapPost("/delete-provider", Delete);
        group.MapPost("/request-domain-verification", RequestDomainVerification);
        group.MapPost("/verify-domain", VerifyDomain);
        group.MapGet("/requirement", GetRequirement);
        group.MapPost("/update-requirement", UpdateRequirement);
        return group;
    }

    private static async Task<Ok<SsoProviderDto>> Register(SsoProviderBody body, HttpContext context, IMediator mediator)
    {
        var oidc = body.OidcConfig ?? throw new ValidationException("oidcConfig", "Enter the OIDC settings (client id and secret).");
        var view = await mediator.Send(new RegisterSsoConnectionCommand(
            body.ProviderId ?? "", body.Name, body.Issuer ?? "", body.Domain ?? "", oidc.ClientId ?? "", oidc.ClientSecret ?? "",
            oidc.Scopes, oidc.DiscoveryEndpoint, oidc.Pkce ?? true, oidc.Mapping?.Input(), body.DefaultRole), context.RequestAborted);
        return TypedResults.Ok(SsoProviderDto.From(view));
    }

    private static async Task<Ok<SsoProvidersResponse>> List(HttpContext context, IMediator mediator)
    {
        var views = await mediator.Send(new ListSsoConnectionsQuery(), context.RequestAborted);
        return TypedResults.Ok(new SsoProvidersResponse(views.Select(SsoProviderDto.From).ToList()));
    }

    private static async Task<Ok<SsoProviderDto>> Get([FromQuery] string? providerId, HttpContext context, IMediator mediator) =>
        TypedResults.Ok(SsoProviderDto.From(await mediator.Send(new GetSsoConnectionQuery(Required(providerId)), context.RequestAborted)));

    private static async Task<Ok<SsoProviderDto>> Update(SsoProviderBody body, HttpContext context, IMediator mediator)
    {
        var oidc = body.OidcConfig;
        var view = await mediator.Send(new UpdateSsoConnectionCommand(
            Required(body.ProviderId), body.Name, body.Issuer, body.Domain, oidc?.ClientId, oidc?.ClientSecret, oidc?.Scopes,
            oidc?.DiscoveryEndpoint, oidc?.Pkce, oidc?.Mapping?.Input(), body.DefaultRole), context.RequestAborted);
        return TypedResults.Ok(SsoProviderDto.From(view));
    }

    private static async Task<Ok<SuccessResponse>> Delete(SsoProviderIdBody body, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new DeleteSsoConnectionCommand(Required(body.ProviderId)), context.RequestAborted);
        return TypedResults.Ok(new SuccessResponse(true));
    }

    /// <summary>201 with the token and the records, as Better Auth answers.</summary>
    private static async Task<Created<DomainVerificationResponse>> RequestDomainVerification(SsoProviderIdBody body, HttpContext context, IMediator mediator)
    {
        var challenge = await mediator.Send(new RequestSsoDomainVerificationCommand(Required(body.ProviderId)), context.RequestAborted);
        return TypedResults.Created((string?)null, new DomainVerificationResponse(challenge.Token, challenge.Records, challenge.ExpiresAt));
    }

    /// <summary>204 when every domain has its record, as Better Auth answers; 502 <c>DOMAIN_VERIFICATION_FAILED</c> when one lacks it.</summary>
    private static async Task<NoContent> VerifyDomain(SsoProviderIdBody body, HttpContext context, IMediator mediator)
    {
        await mediator.Send(new VerifySsoDomainCommand(Required(body.ProviderId)), context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<SsoRequirementResponse>> GetRequirement(HttpContext context, IMediator mediator) =>
        TypedResults.Ok(SsoRequirementResponse.From(await mediator.Send(new GetSsoRequirementQuery(), context.RequestAborted)));

    private static async Task<Ok<SsoRequirementResponse>> UpdateRequirement(SsoRequirementBody body, HttpContext context, IMediator mediator)
    {
        var required = body.Required ?? throw new ValidationException("required", "Say whether single sign-on is required (true or false).");
        return TypedResults.Ok(SsoRequirementResponse.From(await mediator.Send(new RequireSsoCommand(required, body.BreakGlassUserId), context.RequestAborted)));
    }

    private static string Required(string? providerId) =>
        string.IsNullOrWhiteSpace(providerId) ? throw new ValidationException("providerId", "Name the connection (providerId).") : providerId;
}
