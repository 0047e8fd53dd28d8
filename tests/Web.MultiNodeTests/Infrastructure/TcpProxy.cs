using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace TenantSessions.Web.MultiNodeTests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder in front of the shared database server, so a test can cut one node off from the
/// database (<see cref="Close"/>: listener gone, every open connection dropped) and bring it back (<see cref="Open"/>,
/// same port) without touching the server other tests use.
/// </summary>
public sealed class TcpProxy(string upstreamHost, int upstreamPort) : IDisposable
{
    private readonly ConcurrentDictionary<Socket, byte> _connections = new();
    private Socket? _listener;
    private CancellationTokenSource? _stop;

    public int Port { get; private set; }

    public bool IsOpen => _listener is not null;

    public void Open()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, Port));
        listener.Listen(64);
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _listener = listener;
        _stop = new CancellationTokenSource();
        _ = AcceptAsync(listener, _stop.Token);
    }

    public void Close()
    {
        _stop?.Cancel();
        _listener?.Dispose();
        _listener = null;
        foreach (var socket in _connections.Keys)
        {
            Drop(socket);
        }
    }

    public void Dispose()
    {
        Close();
        _stop?.Dispose();
    }

    private async Task AcceptAsync(Socket listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _connections[client] = 0;
            _connections[upstream] = 0;
            try
            {
                await upstream.ConnectAsync(upstreamHost, upstreamPort, stop);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                Drop(client);
                Drop(upstream);
                continue;
            }

            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
        }

        Drop(from);
        Drop(to);
    }

    private void Drop(Socket socket)
    {
        if (_connections.TryRemove(socket, out _))
        {
            socket.Dispose();
        }
    }
}
