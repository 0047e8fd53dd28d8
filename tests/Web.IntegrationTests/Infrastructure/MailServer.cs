using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;
using netDumbster.smtp;

namespace TenantSessions.Web.IntegrationTests.Infrastructure;

/// <summary>
/// A real SMTP server (netDumbster) on a loopback port of its own, in the test process. It can be stopped (the port
/// then refuses connections) and started again on the same port, to test delivery while the mail server is down.
/// </summary>
public sealed class MailServer : IDisposable
{
    private readonly List<MimeMessage> _received = [];
    private SimpleSmtpServer? _server;

    public MailServer()
    {
        Port = FreePort();
        Start();
    }

    public int Port { get; }

    public IReadOnlyList<MimeMessage> Received
    {
        get
        {
            lock (_received)
            {
                return _received.ToList();
            }
        }
    }

    public void Start()
    {
        _server = SimpleSmtpServer.Start(Port);
        _server.MessageReceived += (_, args) =>
        {
            var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(args.Message.Data)));
            lock (_received)
            {
                _received.Add(message);
            }
        };
    }

    public void Stop()
    {
        _server?.Stop();
        _server?.Dispose();
        _server = null;
    }

    public void Clear()
    {
        lock (_received)
        {
            _received.Clear();
        }
    }

    /// <summary>The messages sent to <paramref name="address"/>.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        Received.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    public void Dispose() => Stop();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
