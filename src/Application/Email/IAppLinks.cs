namespace TenantSessions.Application.Email;

/// <summary>
/// Absolute links for e-mails. Built from the configured base domain and the scheme and port this app is served on,
/// never from a client-supplied host.
/// </summary>
public interface IAppLinks
{
    /// <summary><paramref name="pathAndQuery"/> on <c>{slug}.{BaseDomain}</c>.</summary>
    string Tenant(string slug, string pathAndQuery);

    /// <summary><paramref name="pathAndQuery"/> on the platform host.</summary>
    string Platform(string pathAndQuery);
}
