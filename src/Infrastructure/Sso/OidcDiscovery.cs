using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Sso;

namespace TenantSessions.Infrastructure.Sso;

/// <summary>
/// Reads <c>{issuer}/.well-known/openid-configuration</c> (or the given document) with Microsoft.IdentityModel's
/// retriever over the <c>sso</c> HttpClient, and refuses a document that names another issuer or sends us anywhere
/// <see cref="SsoConnectionRules.IsAllowedUrl"/> refuses.
/// </summary>
internal sealed class OidcDiscovery(IHttpClientFactory http, ILogger<OidcDiscovery> logger) : IOidcDiscovery
{
    public async Task<DiscoveredIssuer> DiscoverAsync(string issuer, string? discoveryEndpoint, CancellationToken cancellationToken)
    {
        var address = discoveryEndpoint ?? issuer.TrimEnd('/') + "/.well-known/openid-configuration";
        if (!SsoConnectionRules.IsAllowedUrl(address))
        {
            throw Refused($"The discovery URL {address} is not allowed: use https.");
        }

        OpenIdConnectConfiguration document;
        try
        {
            var retriever = new HttpDocumentRetriever(http.CreateClient(SsoHttp.ClientName)) { RequireHttps = !SsoConnectionRules.IsLoopback(new Uri(address)) };
            document = await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancellationToken);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException or ArgumentException or TaskCanceledException
                                      || e.GetType().Namespace?.StartsWith("Microsoft.IdentityModel", StringComparison.Ordinal) == true)
        {
            logger.LogInformation(e, "OIDC discovery at {Address} failed", address);
            throw Refused($"The IdP's discovery document at {address} could not be read. Check the issuer URL and that the IdP is reachable from this server.");
        }

        if (!string.Equals(document.Issuer?.TrimEnd('/'), issuer.TrimEnd('/'), StringComparison.Ordinal))
        {
            throw Refused($"The discovery document names the issuer {document.Issuer}, not {issuer}. Enter the issuer exactly as the IdP states it.");
        }

        foreach (var url in new[] { document.AuthorizationEndpoint, document.TokenEndpoint, document.JwksUri })
        {
            if (!SsoConnectionRules.IsAllowedUrl(url))
            {
                throw Refused("The discovery document lacks an https authorization, token or keys endpoint.");
            }
        }

        return new DiscoveredIssuer(
            document.Issuer!,
            address,
            document.AuthorizationEndpoint,
            document.TokenEndpoint,
            SsoConnectionRules.IsAllowedUrl(document.UserInfoEndpoint) ? document.UserInfoEndpoint : null,
            document.JwksUri,
            SsoConnectionRules.IsAllowedUrl(document.EndSessionEndpoint) ? document.EndSessionEndpoint : null,
            document.AdditionalData.TryGetValue("backchannel_logout_supported", out var backchannel) && backchannel is true);
    }

    private static RefusalException Refused(string message) => new(SsoErrors.DiscoveryFailed, message);
}
