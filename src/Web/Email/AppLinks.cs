using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Email;
using TenantSessions.Web.Tenancy;

namespace TenantSessions.Web.Email;

/// <summary>
/// Links for e-mails: <c>Email:LinkScheme</c> / <c>Email:LinkPort</c> when set, else the scheme and port of the first
/// address this server listens on; the host is always built from <c>Tenancy:BaseDomain</c>. A forged Host header can
/// therefore never send someone a reset link that points elsewhere.
/// </summary>
internal sealed class AppLinks(IOptions<EmailOptions> email, IOptions<TenancyOptions> tenancy, IServer server) : IAppLinks
{
    public string Tenant(string slug, string pathAndQuery) => Build($"{slug}.{tenancy.Value.BaseDomain}", pathAndQuery);

    public string Platform(string pathAndQuery) => Build(tenancy.Value.BaseDomain, pathAndQuery);

    private string Build(string host, string pathAndQuery)
    {
        var (scheme, port) = Origin();
        var portPart = (scheme, port) is ("http", 80) or ("https", 443) ? "" : $":{port}";
        return $"{scheme}://{host}{portPart}{(pathAndQuery.StartsWith('/') ? "" : "/")}{pathAndQuery}";
    }

    private (string Scheme, int Port) Origin()
    {
        var settings = email.Value;
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var uri = listening is null ? null : new Uri(listening.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal));
        var scheme = settings.LinkScheme ?? uri?.Scheme ?? "http";
        var port = settings.LinkPort ?? (settings.LinkScheme is null ? uri?.Port : null) ?? (scheme == "https" ? 443 : 80);
        return (scheme, port);
    }
}
