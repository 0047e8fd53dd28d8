using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;
using netDumbster.smtp;

namespace TenantSessions.TestSupport;

/// <summary>
/// A real SMTP server (netDumbster) on a loopback port of its own, in the test process. It can be stopped (the port
/// then refuses connections) and started again on the same port, to test delivery while the mail server is down.
/// </summary>
public sealed class MailServer : IDisposable
{
    private readonly List<MimeMessage> _received = [];
    private readonly List<Waiter> _waiters = [];
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
                foreach (var waiter in _waiters.ToList())
                {
                    if (waiter.Matches(message))
                    {
                        _waiters.Remove(waiter);
                        waiter.Done.TrySetResult(message);
                    }
                }
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

    /// <summary>
    /// The first message to <paramref name="address"/> whose subject contains <paramref name="about"/>: already received,
    /// or the next one to arrive (the app's Hangfire server sends it from the outbox). Fails after <paramref name="timeout"/>.
    /// </summary>
    public async Task<MimeMessage> WaitForAsync(string address, string about, TimeSpan? timeout = null)
    {
        bool Matches(MimeMessage m) =>
            m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)) && (m.Subject ?? "").Contains(about, StringComparison.Ordinal);

        Waiter waiter;
        lock (_received)
        {
            if (_received.FirstOrDefault(Matches) is { } already)
            {
                return already;
            }

            waiter = new Waiter(Matches, new TaskCompletionSource<MimeMessage>(TaskCreationOptions.RunContinuationsAsynchronously));
            _waiters.Add(waiter);
        }

        return await waiter.Done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>The one link of a message (its plain-text part).</summary>
    public static string LinkOf(MimeMessage message) =>
        System.Text.RegularExpressions.Regex.Match(message.TextBody ?? "", @"https?://\S+").Value;

    public void Dispose() => Stop();

    private sealed record Waiter(Func<MimeMessage, bool> Matches, TaskCompletionSource<MimeMessage> Done);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
