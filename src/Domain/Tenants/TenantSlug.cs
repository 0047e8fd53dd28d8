using System.Text.RegularExpressions;

namespace TenantSessions.Domain.Tenants;

/// <summary>
/// A tenant's subdomain label: a valid lower-case DNS label, and not one reserved for encoding (see
/// <see cref="IsReservedForEncoding"/>).
/// </summary>
public static partial class TenantSlug
{
    public static bool IsValid(string? slug) => slug is not null && Pattern().IsMatch(slug) && !IsReservedForEncoding(slug);

    /// <summary>
    /// Two characters then <c>--</c> (<c>xn--</c>, punycode, and any other such prefix, RFC 5891 §4.2.3.1): the host
    /// would reach the app decoded (<c>xn--bcher-kva</c> as <c>bücher</c>), so such a workspace could never be found.
    /// </summary>
    public static bool IsReservedForEncoding(string slug) => slug.Length >= 4 && slug[2] == '-' && slug[3] == '-';

    public static string Normalize(string slug)
    {
        var normalized = slug.Trim().ToLowerInvariant();
        if (!IsValid(normalized))
        {
            throw new ArgumentException($"'{slug}' is not a valid subdomain label.", nameof(slug));
        }

        return normalized;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
