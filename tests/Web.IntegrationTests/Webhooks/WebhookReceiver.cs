using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TenantSessions.Web.IntegrationTests.Webhooks;

/// <summary>
/// A real SIEM receiver on loopback (Kestrel): checks each delivery's Standard Webhooks signature with the secrets it
/// was given (its own HMAC code, not the app's) and the timestamp against a 5-minute window of the app's clock, answers
/// <see cref="Status"/>, and keeps what it accepted. <see cref="StopAsync"/> closes the port (connections refused);
/// <see cref="StartAsync"/> opens the same port again.
/// </summary>
public sealed class WebhookReceiver(Func<DateTimeOffset> now) : IAsyncDisposable
{
    private WebApplication? _app;

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}/hooks";

    /// <summary>The secrets a signature may verify with (the receiver's configuration).</summary>
    public List<string> Secrets { get; } = [];

    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    /// <summary>Deliveries whose signature verified, in the order they arrived (refused ones are not kept).</summary>
    public ConcurrentQueue<ReceivedWebhook> Accepted { get; } = new();

    public ConcurrentQueue<string> Refused { get; } = new();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.MapPost("/hooks", (Delegate)Receive);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Port = new Uri(address).Port;
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public IReadOnlyList<Guid> Ids => Accepted.Select(r => r.Id).ToList();

    private async Task<IResult> Receive(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var id = context.Request.Headers["webhook-id"].ToString();
        var timestamp = context.Request.Headers["webhook-timestamp"].ToString();
        var signatures = context.Request.Headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var verifiedWith = Secrets.Where(s => signatures.Contains(Signature(s, id, timestamp, body))).ToList();
        var fresh = long.TryParse(timestamp, out var seconds) && Math.Abs((now() - DateTimeOffset.FromUnixTimeSeconds(seconds)).TotalMinutes) <= 5;
        if (verifiedWith.Count == 0 || !fresh)
        {
            Refused.Enqueue(id);
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        if (Status is not HttpStatusCode.OK)
        {
            return Status is HttpStatusCode.Found ? Results.Redirect("http://127.0.0.2:9/elsewhere") : Results.StatusCode((int)Status);
        }

        Accepted.Enqueue(new ReceivedWebhook(Guid.Parse(id), context.Request.ContentType ?? "", Encoding.UTF8.GetString(body), signatures, verifiedWith));
        return Results.NoContent();
    }

    /// <summary>Standard Webhooks: base64(HMAC-SHA256(base64-decoded secret after <c>whsec_</c>, "id.timestamp.body")).</summary>
    private static string Signature(string secret, string id, string timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var content = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

public sealed record ReceivedWebhook(Guid Id, string ContentType, string Body, IReadOnlyList<string> Signatures, IReadOnlyList<string> VerifiedWith);
