using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Infrastructure.SessionEngine.Feed;

/// <summary><c>Redis:Configuration</c>: a StackExchange.Redis configuration string.</summary>
internal sealed record RedisSettings(string Configuration)
{
    public const string ConfigurationKey = "Redis:Configuration";
}

/// <summary>
/// The fast path of the cross-node feed: publishes every committed entry on a Redis channel and applies what other
/// nodes publish, typically within milliseconds. Pub/sub delivers at most once, so it never decides trust: polling
/// stays on as the safety net. Nothing here may fail a request: publishing is fire-and-forget, errors are logged.
/// A message can only add revocations, never make a session valid again.
/// </summary>
internal sealed class RedisRevocationChannel(
    RedisSettings settings,
    RevocationList list,
    IOptions<RevocationFeedOptions> options,
    ILogger<RedisRevocationChannel> logger) : BackgroundService, IRevocationBroadcaster
{
    private static readonly TimeSpan SubscribeRetryDelay = TimeSpan.FromSeconds(2);

    private readonly Guid _nodeId = Guid.NewGuid();
    private readonly RedisChannel _channel = RedisChannel.Literal(options.Value.RedisChannel);
    private volatile ConnectionMultiplexer? _connection;
    private long _received;

    /// <summary>The connection once it has been created (it may be disconnected; it reconnects by itself).</summary>
    public IConnectionMultiplexer? Connection => _connection;

    /// <summary>How many entries published by other nodes arrived here over Redis.</summary>
    public long ReceivedEntries => Interlocked.Read(ref _received);

    public ValueTask BroadcastAsync(IReadOnlyList<RevocationEntry> entries)
    {
        if (_connection is not { } connection)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            var message = new FeedMessage(_nodeId, [.. entries.Select(e => new FeedMessageEntry(e.Id, e.Kind, e.TargetId, e.CreatedAt))]);
            var payload = JsonSerializer.SerializeToUtf8Bytes(message, FeedMessageJson.Default.FeedMessage);
            _ = connection.GetSubscriber().PublishAsync(_channel, payload, CommandFlags.FireAndForget);
        }
        catch (Exception exception)
        {
            // The revocation has committed; Redis trouble must not turn it into an error. Other nodes will poll it.
            logger.LogWarning(exception, "Could not publish {Count} revocation feed entries to Redis; other nodes will poll them", entries.Count);
        }

        return ValueTask.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var configuration = ConfigurationOptions.Parse(settings.Configuration);
        configuration.AbortOnConnectFail = false;
        configuration.ClientName ??= "tenantsessions";
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        connection.ConnectionFailed += (_, e) =>
            logger.LogWarning("Redis connection to {Endpoint} lost ({FailureType}); revocations from other nodes now arrive by polling", e.EndPoint, e.FailureType);
        connection.ConnectionRestored += (_, e) =>
            logger.LogInformation("Redis connection to {Endpoint} restored", e.EndPoint);
        _connection = connection;

        try
        {
            await SubscribeAsync(connection, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Once subscribed, the connection re-subscribes by itself after every reconnect.</summary>
    private async Task SubscribeAsync(ConnectionMultiplexer connection, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await connection.GetSubscriber().SubscribeAsync(_channel, (_, value) => OnMessage(value));
                logger.LogInformation("Listening for revocations on Redis channel {Channel}", _channel.ToString());
                return;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                logger.LogWarning("Cannot subscribe to Redis channel {Channel} yet ({Error}); retrying", _channel.ToString(), exception.Message);
                await Task.Delay(SubscribeRetryDelay, stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    private void OnMessage(RedisValue value)
    {
        FeedMessage? message;
        try
        {
            message = JsonSerializer.Deserialize((byte[])value!, FeedMessageJson.Default.FeedMessage);
        }
        catch (JsonException exception)
        {
            logger.LogWarning("Ignored a malformed message on the revocation channel: {Error}", exception.Message);
            return;
        }

        if (message is null || message.Node == _nodeId)
        {
            return;
        }

        foreach (var entry in message.Entries)
        {
            list.Apply(RevocationEntry.Restore(entry.Id, entry.Kind, entry.TargetId, entry.CreatedAt));
        }

        Interlocked.Add(ref _received, message.Entries.Length);
    }

    internal sealed record FeedMessage(
        [property: JsonPropertyName("n")] Guid Node,
        [property: JsonPropertyName("e")] FeedMessageEntry[] Entries);

    internal sealed record FeedMessageEntry(
        [property: JsonPropertyName("i")] long Id,
        [property: JsonPropertyName("k")] RevocationKind Kind,
        [property: JsonPropertyName("t")] Guid TargetId,
        [property: JsonPropertyName("a")] DateTimeOffset CreatedAt);
}

[JsonSerializable(typeof(RedisRevocationChannel.FeedMessage))]
internal sealed partial class FeedMessageJson : JsonSerializerContext;
