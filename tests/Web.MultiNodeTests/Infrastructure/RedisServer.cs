using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace TenantSessions.Web.MultiNodeTests.Infrastructure;

/// <summary>
/// A redis-server of the test's own, on a free loopback port, so a test can stop it mid-run without touching the
/// shared Redis on 6379. Stopped by its own process id.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port},connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort());
        await server.RestartAsync();
        return server;
    }

    /// <summary>
    /// Waits until the server itself counts <paramref name="nodes"/> subscribers on <paramref name="channel"/>: a node
    /// that has (re)connected may subscribe a moment later, and a message published in between reaches it only by polling.
    /// </summary>
    public async Task WaitForSubscribersAsync(string channel, int nodes = 2)
    {
        await using var probe = await ConnectionMultiplexer.ConnectAsync(Configuration);
        var server = probe.GetServer(probe.GetEndPoints()[0]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await server.SubscriptionSubscriberCountAsync(RedisChannel.Literal(channel)) < nodes)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{nodes} nodes did not subscribe to {channel} within 30 s");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Starts the server (again, on the same port) and waits until it accepts connections.</summary>
    public async Task RestartAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start redis-server (scripts/services.sh installs it)");
        var started = _process;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillQuietly(started);
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
