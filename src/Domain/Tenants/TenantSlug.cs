using System.Text.RegularExpressions;

namespace TenantSessions.Domain.Tenants;

/// <summary>A tenant's subdomain label: a valid lower-case DNS label.</summary>
public static partial class TenantSlug
{
    public static bool IsValid(string? slug) => slug is not null && Pattern().IsMatch(slug);

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
