using System.Net;
using System.Net.Sockets;
using TenantSessions.Domain.Webhooks;

namespace TenantSessions.Application.Webhooks;

/// <summary>Where an endpoint may be, and what an admin sees of it (never its secret).</summary>
public static class WebhookRules
{
    public const string UrlMessage = "Enter the receiver's https URL (plain http only for a receiver on this machine's loopback, in development).";

    public const string InternalMessage = "This address is on an internal network; webhooks are sent only to public addresses.";

    /// <summary>
    /// Absolute https without credentials or fragment, at most <see cref="WebhookEndpoint.MaxUrlLength"/> characters;
    /// plain http only on loopback (as SSO issuers). An address literal must be public (loopback only when allowed).
    /// </summary>
    public static bool IsAllowedUrl(string? value, bool allowLoopback)
    {
        if (value is null || value.Length > WebhookEndpoint.MaxUrlLength
            || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return false;
        }

        var loopback = Sso.SsoConnectionRules.IsLoopback(uri);
        if (loopback && !allowLoopback)
        {
            return false;
        }

        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && !IsPublic(ip, allowLoopback))
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && loopback);
    }

    /// <summary>
    /// Whether a webhook may connect to <paramref name="address"/>: not unspecified, private (10/8, 172.16/12,
    /// 192.168/16), shared (100.64/10), link-local (169.254/16, fe80::/10), unique-local (fc00::/7), multicast, reserved
    /// (0/8, 192.0.0/24, 198.18/15, 240/4), nor loopback unless <paramref name="allowLoopback"/>. IPv4-mapped and NAT64
    /// addresses are judged by the IPv4 address inside.
    /// </summary>
    public static bool IsPublic(IPAddress address, bool allowLoopback)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] < 128)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 198 && b[1] is 18 or 19));
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
            {
                return false;
            }

            // 64:ff9b::/96 (NAT64) carries an IPv4 address in its last four bytes.
            if (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..12].All(x => x == 0))
            {
                return IsPublic(new IPAddress(b[12..]), allowLoopback);
            }

            return !((b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) || b[0] == 0xff || address.IsIPv6SiteLocal);
        }

        return false;
    }

    public static WebhookEndpointView View(WebhookEndpoint e, DateTimeOffset now) =>
        new(e.Id, e.Url, e.Description, e.CreatedAt, e.SecretCreatedAt, e.PreviousSecretAt(now) is null ? null : e.PreviousSecretExpiresAt);
}

/// <summary>An endpoint as admins see it: never its secret; when the previous secret stops signing, if it still does.</summary>
public sealed record WebhookEndpointView(
    Guid Id, string Url, string? Description, DateTimeOffset CreatedAt, DateTimeOffset SecretCreatedAt, DateTimeOffset? PreviousSecretExpiresAt);

/// <summary>One delivery as the endpoint page shows it.</summary>
public sealed record WebhookDeliveryView(
    long Id, Guid EventId, string Action, DateTimeOffset CreatedAt, string Status, int Attempts, DateTimeOffset? LastAttemptAt,
    int? LastStatusCode, string? LastError, DateTimeOffset? DeliveredAt, DateTimeOffset? NextAttemptAt);

public static class WebhookDeliveryStatus
{
    public const string Delivered = "delivered";

    /// <summary>Tried and refused or unreachable; will be retried.</summary>
    public const string Retrying = "retrying";

    /// <summary>Not tried yet (waiting for the run, or for the deliveries before it).</summary>
    public const string Pending = "pending";
}
