using System.Net;
using System.Text.RegularExpressions;
using TenantSessions.Domain.Sso;

namespace TenantSessions.Application.Sso;

/// <summary>What a connection may say: issuer and endpoint URLs, provider ids, scopes, domains.</summary>
public static partial class SsoConnectionRules
{
    public static readonly string[] DefaultScopes = ["openid", "email", "profile"];

    /// <summary>
    /// An IdP URL must be absolute https without credentials or fragment; plain http only on loopback (the tests' and
    /// the demo's IdP on 127.0.0.1, ::1 or a <c>*.localhost</c> name).
    /// </summary>
    public static bool IsAllowedUrl(string? value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri));
    }

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback
        || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    public const string UrlMessage = "Enter the issuer's https URL (plain http is accepted only for an IdP on this machine's loopback).";

    public static bool IsProviderId(string? value) => value is not null && ProviderIdPattern().IsMatch(value);

    public const string ProviderIdMessage = "Use 1 to 64 lower-case letters, digits and dashes, starting with a letter or digit.";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProviderIdPattern();

    [GeneratedRegex("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainPattern();

    public static IReadOnlyList<string> SplitDomains(string? value) =>
        (value ?? "").Split([',', ' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.ToLowerInvariant()).Distinct().ToList();

    public static bool AreDomains(string? value)
    {
        var domains = SplitDomains(value);
        return domains.Count > 0 && domains.Count <= 20 && domains.All(d => DomainPattern().IsMatch(d));
    }

    public const string DomainMessage = "Enter the e-mail domain(s) this IdP serves, such as example.com (comma-separated).";

    /// <summary>The scopes to ask for: <c>openid</c> first, each once; null or empty = the defaults.</summary>
    public static string NormalizeScopes(IEnumerable<string>? scopes)
    {
        var list = (scopes ?? []).SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (list.Count == 0)
        {
            list = [.. DefaultScopes];
        }

        return string.Join(' ', new[] { "openid" }.Concat(list.Where(s => s != "openid")).Distinct(StringComparer.Ordinal));
    }

    public static bool AreScopes(IEnumerable<string>? scopes) =>
        scopes is null || scopes.All(s => s.Length is > 0 and <= 100 && s.All(c => c > ' ' && c < 127 && c != '"' && c != '\\'));

    public static bool IsClaimName(string? value) => value is null || (value.Length is > 0 and <= 100 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '/'));

    public static SsoConnectionView View(SsoConnection c, string redirectUri) => new(
        c.Id, c.ProviderId, c.DisplayName, c.Issuer, c.Domain, c.DomainVerified, MaskClientId(c.ClientId), c.Pkce,
        c.DiscoveryEndpoint, c.AuthorizationEndpoint, c.TokenEndpoint, c.UserInfoEndpoint, c.JwksEndpoint, c.EndSessionEndpoint,
        c.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), new SsoClaimMapping(c.EmailClaim, c.EmailVerifiedClaim, c.NameClaim),
        c.DefaultRole, c.CreatedAt, c.UpdatedAt, redirectUri);

    /// <summary>Better Auth's <c>clientIdLastFour</c>: the id is not a secret, but only its end is shown back.</summary>
    public static string MaskClientId(string clientId) => clientId.Length <= 4 ? "****" : "****" + clientId[^4..];

    public static string CallbackPath(string providerId) => $"/api/auth/sso/callback/{providerId}";

    /// <summary>Where the IdP sends the browser back after an RP-initiated logout (the <c>post_logout_redirect_uri</c>, ADR-027).</summary>
    public static string SignedOutPath(string providerId) => $"/api/auth/sso/signed-out/{providerId}";
}

public sealed record SsoClaimMapping(string Email, string EmailVerified, string Name);

/// <summary>A connection as admins see it: never the client secret, only the client id's last four characters.</summary>
public sealed record SsoConnectionView(
    Guid Id,
    string ProviderId,
    string Name,
    string Issuer,
    string Domain,
    bool DomainVerified,
    string ClientIdLastFour,
    bool Pkce,
    string DiscoveryEndpoint,
    string AuthorizationEndpoint,
    string TokenEndpoint,
    string? UserInfoEndpoint,
    string JwksEndpoint,
    string? EndSessionEndpoint,
    IReadOnlyList<string> Scopes,
    SsoClaimMapping Mapping,
    string DefaultRole,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string RedirectUri);
