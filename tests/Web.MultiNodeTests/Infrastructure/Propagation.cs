using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace TenantSessions.Web.MultiNodeTests.Infrastructure;

/// <summary>
/// Measures how long a revocation made on one node takes to be enforced on another: the clock starts before the
/// revocation is sent, then the observer (frozen cookies on the other node) asks every few milliseconds until it is
/// refused. Real time on purpose — this is a propagation measurement, bounded, not a wait for expiry.
/// </summary>
public static class Propagation
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    public static async Task<(TimeSpan Elapsed, string? Code)> MeasureAsync(Func<Task> revoke, NodeClient observer, ITestOutputHelper output, string label)
    {
        var stopwatch = Stopwatch.StartNew();
        await revoke();
        var revokedAfter = stopwatch.Elapsed;
        var requests = 0;
        while (true)
        {
            using var response = await observer.GetAsync("/api/auth/get-session");
            requests++;
            if (response.Headers.TryGetValues("X-Session-Ended", out var ended))
            {
                var elapsed = stopwatch.Elapsed;
                var code = ended.Single();
                Record(output, $"{label}: rejected on node {observer.Node.Name} after {elapsed.TotalMilliseconds:F0} ms " +
                    $"(revocation call {revokedAfter.TotalMilliseconds:F0} ms, {requests} requests, code {code})");
                return (elapsed, code);
            }

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{label}: unexpected {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.True(stopwatch.Elapsed < Bound, $"{label}: node {observer.Node.Name} still accepts the revoked session after {Bound}");
            await Task.Delay(10);
        }
    }

    /// <summary>Writes to the test output and appends to artifacts/propagation-times.log at the repository root.</summary>
    public static void Record(ITestOutputHelper output, string line)
    {
        output.WriteLine(line);
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "TenantSessions.sln")))
        {
            root = root.Parent;
        }

        if (root is not null)
        {
            var artifacts = Directory.CreateDirectory(Path.Combine(root.FullName, "artifacts"));
            File.AppendAllText(Path.Combine(artifacts.FullName, "propagation-times.log"), $"{DateTimeOffset.UtcNow:O} {line}{Environment.NewLine}");
        }
    }
}
