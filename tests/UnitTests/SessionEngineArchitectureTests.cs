using Mono.Cecil;
using Mono.Cecil.Cil;
using NetArchTest.Rules;
using TenantSessions.Domain.Audit;
using TenantSessions.Domain.Sessions;
using TenantSessions.Infrastructure.SessionEngine.CookieCache;
using TenantSessions.Infrastructure.SessionEngine.Feed;
using TenantSessions.Infrastructure.SessionEngine.Store;

namespace TenantSessions.UnitTests;

/// <summary>
/// The session engine is one module (<c>src/Infrastructure/SessionEngine</c>): only its code writes session rows,
/// revocation-feed entries and audit events, and only its code knows the session cookies' names. Every cookie of the
/// app is written through one helper (<c>HostOnlyCookie</c>). These tests read the compiled IL of every method of the
/// app and fail on any such write elsewhere.
/// </summary>
public sealed class SessionEngineArchitectureTests
{
    private const string EngineNamespace = "TenantSessions.Infrastructure.SessionEngine";

    private static readonly string[] AppAssemblies =
    [
        typeof(Application.DependencyInjection).Assembly.Location,
        typeof(Infrastructure.DependencyInjection).Assembly.Location,
        typeof(Web.DependencyInjection).Assembly.Location,
        typeof(Session).Assembly.Location,
    ];

    private const string CookieWrite = "cookie write";

    private const string SessionCookieName = "session cookie name";

    private static readonly Lazy<IReadOnlyList<Write>> Writes = new(FindWrites);

    [Fact]
    public void OnlyTheEngineWritesSessionsFeedEntriesAndAuditEvents()
    {
        var outside = Writes.Value.Where(w => !w.InEngine && w.What is not (CookieWrite or SessionCookieName)).Select(w => w.ToString()).ToList();

        Assert.True(outside.Count == 0, "Writes outside the session engine:\n" + string.Join("\n", outside));
    }

    [Fact]
    public void OnlyTheEngineKnowsTheSessionCookiesNames()
    {
        var outside = Writes.Value.Where(w => !w.InEngine && w.What == SessionCookieName).Select(w => w.ToString()).ToList();

        Assert.True(outside.Count == 0, "The session cookies' names read outside the session engine:\n" + string.Join("\n", outside));
    }

    [Fact]
    public void EveryCookieIsWrittenThroughTheOneCookieHelper()
    {
        var elsewhere = Writes.Value.Where(w => w.What == CookieWrite && w.Type != typeof(Infrastructure.Http.HostOnlyCookie).FullName).Select(w => w.ToString()).ToList();

        Assert.True(elsewhere.Count == 0, "Cookies written without HostOnlyCookie:\n" + string.Join("\n", elsewhere));
        Assert.Contains(Writes.Value, w => w.What == CookieWrite);
    }

    [Fact]
    public void TheScanFindsTheEnginesOwnWrites()
    {
        var inside = Writes.Value.Where(w => w.InEngine).Select(w => w.What).ToHashSet();

        Assert.Contains("new Session", inside);
        Assert.Contains("Session.Revoke", inside);
        Assert.Contains("Session.Tighten", inside);
        Assert.Contains("new RevocationEntry", inside);
        Assert.Contains("new AuditEvent", inside);
        Assert.Contains("DbSet<Session>.Add", inside);
        Assert.Contains("ExecuteUpdateAsync<Session>", inside);
        Assert.Contains(SessionCookieName, inside);
    }

    [Fact]
    public void NothingOutsideTheEngineDependsOnItsCookieOrFeedInternals()
    {
        var result = Types.InAssemblies([typeof(Web.DependencyInjection).Assembly, typeof(Application.DependencyInjection).Assembly])
            .Should()
            .NotHaveDependencyOnAny(typeof(SessionCookieCache).FullName!, typeof(RevocationList).FullName!, typeof(RevocationAnnouncer).FullName!, typeof(SessionStore).FullName!)
            .GetResult();

        Assert.True(result.IsSuccessful, "Depends on engine internals: " + string.Join(", ", result.FailingTypes.Select(t => t.FullName)));
    }

    [Fact]
    public void ApplicationKeepsOnlyThePortsItUses()
    {
        var result = Types.InAssembly(typeof(Application.DependencyInjection).Assembly)
            .Should()
            .NotHaveDependencyOnAny("TenantSessions.Infrastructure", "TenantSessions.Web", "Microsoft.AspNetCore.Http")
            .GetResult();

        Assert.True(result.IsSuccessful, "Application depends outward: " + string.Join(", ", result.FailingTypes.Select(t => t.FullName)));
    }

    private static List<Write> FindWrites()
    {
        var writes = new List<Write>();
        foreach (var path in AppAssemblies)
        {
            using var module = ModuleDefinition.ReadModule(path);
            foreach (var type in module.GetTypes())
            {
                var owner = Outermost(type);
                if (owner.Namespace.StartsWith("TenantSessions.Domain", StringComparison.Ordinal))
                {
                    continue;
                }

                var inEngine = owner.Namespace.StartsWith(EngineNamespace, StringComparison.Ordinal);
                foreach (var method in type.Methods.Where(m => m.HasBody))
                {
                    foreach (var instruction in method.Body.Instructions)
                    {
                        if (instruction.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj
                            && instruction.Operand is MethodReference called
                            && Classify(called) is { } what)
                        {
                            writes.Add(new Write(owner.FullName, method.Name, what, inEngine));
                        }
                    }
                }
            }
        }

        return writes;
    }

    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static readonly string[] Guarded = [typeof(Session).FullName!, typeof(RevocationEntry).FullName!, typeof(AuditEvent).FullName!];

    private static string? Classify(MethodReference called)
    {
        var declaring = called.DeclaringType;
        if (Guarded.Contains(declaring.FullName))
        {
            return called.Name switch
            {
                ".ctor" => "new " + declaring.Name,
                "Revoke" or "Reauthenticate" or "Tighten" or "RecordAuthenticationMethod" => declaring.Name + "." + called.Name,
                _ => null,
            };
        }

        if (declaring is GenericInstanceType { ElementType.FullName: "Microsoft.EntityFrameworkCore.DbSet`1" } set
            && set.GenericArguments[0].FullName is var entity && Guarded.Contains(entity)
            && called.Name is "Add" or "AddAsync" or "AddRange" or "AddRangeAsync" or "Update" or "UpdateRange" or "Attach" or "Remove" or "RemoveRange")
        {
            return $"DbSet<{set.GenericArguments[0].Name}>.{called.Name}";
        }

        if (called is GenericInstanceMethod generic
            && called.Name is "ExecuteUpdate" or "ExecuteUpdateAsync" or "ExecuteDelete" or "ExecuteDeleteAsync"
            && Guarded.Contains(generic.GenericArguments[0].FullName))
        {
            return $"{called.Name}<{generic.GenericArguments[0].Name}>";
        }

        if (declaring.FullName == "Microsoft.AspNetCore.Http.IResponseCookies" && called.Name is "Append" or "Delete")
        {
            return CookieWrite;
        }

        if (declaring.FullName == typeof(Application.Sessions.SessionEngineOptions).FullName && called.Name is "get_CookieName" or "get_CacheCookieName")
        {
            return SessionCookieName;
        }

        return null;
    }

    private sealed record Write(string Type, string Method, string What, bool InEngine)
    {
        public override string ToString() => $"{Type}.{Method}: {What}";
    }
}
