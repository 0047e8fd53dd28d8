using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Email;
using TenantSessions.Application.Webhooks;

namespace TenantSessions.Infrastructure.Webhooks;

/// <summary>
/// Posts one event through the <c>webhooks</c> HttpClient: the body of <see cref="WebhookPayloads"/>, the Standard
/// Webhooks headers (<c>webhook-id</c> = the audit event's id, the same on every retry, so a receiver can drop a
/// repeat; <c>webhook-timestamp</c> = now, for its replay window). A 2xx is delivered; anything else, a redirect
/// included, is an error to retry. The error kept is the status or the transport's message, never the response body.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, IAppLinks links, TimeProvider clock) : IWebhookSender
{
    public const string ClientName = "webhooks";

    public async Task<WebhookAttempt> SendAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        var issuer = links.Tenant(message.TenantSlug, "/").TrimEnd('/');
        var (body, contentType) = WebhookPayloads.For(message.Event, issuer, message.Url.AbsoluteUri, message.Secrets[0]);
        var id = message.Event.Id.ToString();
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.TryAddWithoutValidation(StandardWebhooks.IdHeader, id);
        request.Headers.TryAddWithoutValidation(StandardWebhooks.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(StandardWebhooks.SignatureHeader, StandardWebhooks.SignatureHeaderValue(message.Secrets, id, timestamp, body));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new WebhookAttempt(true, status, null);
            }

            var error = status is >= 300 and < 400
                ? $"HTTP {status}: the receiver redirected; redirects are not followed"
                : $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
            return new WebhookAttempt(false, status, error);
        }
        catch (HttpRequestException ex)
        {
            var refused = FindRefusal(ex);
            return new WebhookAttempt(false, null, refused?.Message ?? $"Could not reach the receiver: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(false, null, "The receiver did not answer in time.");
        }
    }

    private static WebhookAddressRefusedException? FindRefusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is WebhookAddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    /// <summary>
    /// The handler's connection step: resolves the host, keeps only addresses <see cref="WebhookRules.IsPublic"/>
    /// allows, and connects to those, so a name that resolves (or re-resolves: DNS rebinding) to an internal address is
    /// never reached. No proxy is used, so this check is on the receiver's own address.
    /// </summary>
    public static SocketsHttpHandler Handler(IOptions<WebhookOptions> options) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = options.Value.Timeout,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(host, cancellationToken);
            var allowed = addresses.Where(a => WebhookRules.IsPublic(a, options.Value.AllowLoopback)).ToArray();
            if (allowed.Length == 0)
            {
                throw new WebhookAddressRefusedException($"{host} resolves only to internal addresses; webhooks are sent only to public ones.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}

/// <summary>The receiver's address is internal (ADR-029's address rule).</summary>
public sealed class WebhookAddressRefusedException(string message) : Exception(message);
