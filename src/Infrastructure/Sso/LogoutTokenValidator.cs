using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using TenantSessions.Application.Sso;
using TenantSessions.Application.Sso.Commands.BackchannelLogout;
using TenantSessions.Domain.Sso;

namespace TenantSessions.Infrastructure.Sso;

/// <summary>
/// Back-Channel Logout 1.0 section 2.6 with Microsoft.IdentityModel's <see cref="JsonWebTokenHandler"/>: a signed JWT
/// (never <c>alg: none</c>) by a key of the IdP's JWKS (read through its discovery document, cached per connection),
/// <c>iss</c> = the connection's issuer, <c>aud</c> = its client id, <c>exp</c> if present, <c>iat</c> within
/// five minutes of now, a <c>jti</c>, the back-channel logout event, no <c>nonce</c>, and a <c>sid</c> or <c>sub</c>.
/// </summary>
internal sealed class LogoutTokenValidator(IHttpClientFactory http, TimeProvider clock) : ILogoutTokenValidator
{
    private const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";
    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _configurations = new();
    private readonly JsonWebTokenHandler _tokens = new() { MapInboundClaims = false };

    public async Task<LogoutTokenClaims> ValidateAsync(SsoConnection connection, string token, CancellationToken cancellationToken)
    {
        if (_configurations.Count > 1000)
        {
            _configurations.Clear();
        }

        var configuration = _configurations.GetOrAdd(connection.DiscoveryEndpoint, address => new ConfigurationManager<OpenIdConnectConfiguration>(
            address, new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(http.CreateClient(SsoHttp.ClientName)) { RequireHttps = !SsoConnectionRules.IsLoopback(new Uri(address)) }));
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = connection.Issuer,
            ValidAudience = connection.ClientId,
            ValidateLifetime = true,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
            ConfigurationManager = configuration,
            LifetimeValidator = (notBefore, expires, _, _) => expires is null || expires.Value > clock.GetUtcNow().UtcDateTime,
        };
        var result = await _tokens.ValidateTokenAsync(token, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            throw BackchannelLogoutHandler.Refused($"The logout token is not valid: {result.Exception?.GetType().Name ?? "unreadable"}.");
        }

        if (!jwt.TryGetPayloadValue<long>("iat", out var iat) || Math.Abs((clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(iat)).TotalSeconds) > BackchannelLogoutHandler.IssuedAtWindow.TotalSeconds)
        {
            throw BackchannelLogoutHandler.Refused("The logout token's iat is missing or too far from now.");
        }

        if (!jwt.TryGetPayloadValue<JsonElement>("events", out var events) || events.ValueKind != JsonValueKind.Object
            || !events.TryGetProperty(LogoutEvent, out var logout) || logout.ValueKind != JsonValueKind.Object)
        {
            throw BackchannelLogoutHandler.Refused("The logout token lacks the back-channel logout event.");
        }

        if (jwt.TryGetPayloadValue<object>("nonce", out _))
        {
            throw BackchannelLogoutHandler.Refused("A logout token must not carry a nonce.");
        }

        var sub = jwt.TryGetPayloadValue<string>("sub", out var s) && !string.IsNullOrEmpty(s) ? s : null;
        var sid = jwt.TryGetPayloadValue<string>("sid", out var d) && !string.IsNullOrEmpty(d) ? d : null;
        if (sub is null && sid is null)
        {
            throw BackchannelLogoutHandler.Refused("A logout token names a sid or a sub.");
        }

        if (!jwt.TryGetPayloadValue<string>("jti", out var jti) || string.IsNullOrEmpty(jti) || jti.Length > 255)
        {
            throw BackchannelLogoutHandler.Refused("A logout token carries a jti.");
        }

        return new LogoutTokenClaims(jti, sub, sid, DateTimeOffset.FromUnixTimeSeconds(iat));
    }
}
