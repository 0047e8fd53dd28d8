using System.Globalization;
using System.Net;
using DnsClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Sso;

namespace TenantSessions.Infrastructure.Sso;

/// <summary>
/// TXT lookups for domain checks with DnsClient (no cache: a record just published is read at once). The resolvers come
/// from <c>Sso:DnsServers</c> (<c>host:port</c>, comma-separated or a list; default the machine's), so the tests point
/// it at their dnsmasq on loopback; <c>Sso:DnsTimeout</c> (default 5 s) and <c>Sso:DnsRetries</c> (default 1) bound a
/// lookup. A missing name or record is an empty answer; no answer at all is <see cref="DnsUnavailableException"/>.
/// </summary>
public sealed class DnsTxtResolver : IDnsTxtResolver
{
    private readonly LookupClient _client;
    private readonly ILogger<DnsTxtResolver> _logger;

    public DnsTxtResolver(IConfiguration configuration, ILogger<DnsTxtResolver> logger)
    {
        _logger = logger;
        var servers = Servers(configuration.GetSection("Sso:DnsServers"));
        var options = servers.Count == 0 ? new LookupClientOptions() : new LookupClientOptions(servers.ToArray());
        options.UseCache = false;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = true;
        options.UseTcpFallback = true;
        options.Timeout = configuration.GetValue("Sso:DnsTimeout", TimeSpan.FromSeconds(5));
        options.Retries = configuration.GetValue("Sso:DnsRetries", 1);
        _client = new LookupClient(options);
    }

    public async Task<IReadOnlyList<string>> TxtAsync(string name, CancellationToken cancellationToken)
    {
        IDnsQueryResponse response;
        try
        {
            response = await _client.QueryAsync(name, QueryType.TXT, QueryClass.IN, cancellationToken);
        }
        catch (DnsResponseException e)
        {
            throw new DnsUnavailableException($"No DNS answer for {name}: {e.Code}", e);
        }

        if (response.HasError)
        {
            if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
            {
                return [];
            }

            _logger.LogWarning("DNS lookup of {Name} answered {Code}", name, response.Header.ResponseCode);
            throw new DnsUnavailableException($"The resolver answered {response.Header.ResponseCode} for {name}");
        }

        return response.Answers.TxtRecords().Select(r => string.Concat(r.Text)).ToList();
    }

    /// <summary><c>127.0.0.1:5353</c>, <c>[::1]:53</c>, <c>10.0.0.2</c> (port 53).</summary>
    public static IReadOnlyList<IPEndPoint> Servers(IConfigurationSection section)
    {
        var values = section.Value is { } single
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value ?? "").Where(v => v.Length > 0).ToArray();
        return values.Select(v => IPEndPoint.TryParse(v, out var endpoint)
                ? endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, 53) : endpoint
                : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Sso:DnsServers: \"{v}\" is not an address[:port]")))
            .ToList();
    }
}
