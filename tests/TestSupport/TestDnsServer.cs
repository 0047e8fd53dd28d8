using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TenantSessions.TestSupport;

/// <summary>
/// A real DNS server for the tests: Debian's <c>dnsmasq</c> (package <c>dnsmasq-base</c>, installed by
/// <c>scripts/services.sh</c>) on a loopback port of its own, answering only from the TXT records a test gives it
/// (<c>--no-resolv --no-hosts</c>, and <c>--local=/test/</c> so any other name under <c>.test</c> is NXDOMAIN, never
/// forwarded). dnsmasq reads <c>--txt-record</c> only at start (SIGHUP does not reload it), so every new record set
/// restarts it on the same port. <see cref="Stop"/> takes it down (a resolver that does not answer); disposing kills it.
/// </summary>
public sealed class TestDnsServer : IDisposable
{
    private const string ReadyName = "_ready.dns-server.test";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tenantsessions-dns-" + Guid.NewGuid().ToString("N"));
    private readonly object _gate = new();
    private Process? _process;

    public TestDnsServer()
    {
        Port = FreePort();
        Directory.CreateDirectory(_directory);
    }

    public int Port { get; }

    /// <summary>What to put in <c>Sso:DnsServers</c>.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Serves exactly these TXT records (name, value) from now on; no record = an empty zone.</summary>
    public async Task ServeAsync(params (string Name, string Value)[] records)
    {
        var conf = new StringBuilder();
        foreach (var (name, value) in records.Append((ReadyName, "ready")))
        {
            if (name.Contains(',') || value.Contains('"') || name.Contains('\n') || value.Contains('\n'))
            {
                throw new ArgumentException($"not a record dnsmasq can serve: {name} {value}");
            }

            conf.Append("txt-record=").Append(name).Append(",\"").Append(value).Append("\"\n");
        }

        var path = Path.Combine(_directory, "dnsmasq.conf");
        await File.WriteAllTextAsync(path, conf.ToString());
        lock (_gate)
        {
            StopLocked();
            var start = new ProcessStartInfo("dnsmasq")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
                     {
                         "--no-daemon", $"--port={Port}", "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                         "--local=/test/", "--cache-size=0", "--pid-file=", "--user=root", $"--conf-file={path}",
                     })
            {
                start.ArgumentList.Add(argument);
            }

            _process = Process.Start(start) ?? throw new InvalidOperationException("dnsmasq did not start (apt-get install dnsmasq-base; scripts/services.sh does)");
            _process.ErrorDataReceived += (_, _) => { };
            _process.OutputDataReceived += (_, _) => { };
            _process.BeginErrorReadLine();
            _process.BeginOutputReadLine();
        }

        await WaitUntilAnsweringAsync();
    }

    /// <summary>Takes the server down: lookups then get no answer (the port is closed).</summary>
    public void Stop()
    {
        lock (_gate)
        {
            StopLocked();
        }
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void StopLocked()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5000);
            }

            process.Dispose();
        }
    }

    /// <summary>Asks for the sentinel record over UDP until dnsmasq answers (at most 10 s).</summary>
    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        var query = Query(ReadyName);
        while (true)
        {
            if (_process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"dnsmasq exited with {exited.ExitCode} (is port {Port} taken?)");
            }

            try
            {
                await udp.SendAsync(query, new IPEndPoint(IPAddress.Loopback, Port));
                using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
                var answer = await udp.ReceiveAsync(wait.Token);
                if (answer.Buffer.Length > 8 && BinaryPrimitives.ReadUInt16BigEndian(answer.Buffer.AsSpan(6)) > 0)
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"dnsmasq did not answer on 127.0.0.1:{Port} within 10 s");
            }

            await Task.Delay(50);
        }
    }

    private static byte[] Query(string name)
    {
        var bytes = new List<byte> { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.AddRange([0, 0, 16, 0, 1]);
        return bytes.ToArray();
    }

    /// <summary>A port free for both UDP and TCP on loopback (dnsmasq listens on both).</summary>
    private static int FreePort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                using var tcp = new TcpListener(IPAddress.Loopback, port);
                tcp.Start();
                tcp.Stop();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("no free loopback port for dnsmasq");
    }
}
