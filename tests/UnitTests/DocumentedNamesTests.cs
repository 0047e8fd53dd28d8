using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TenantSessions.UnitTests;

/// <summary>
/// A doc names only types and files that exist (docs/style.md, "Boundaries"). Every name in backticks in README.md and
/// docs/**/*.md is checked: a file path must exist; a PascalCase name must be a type declared in the repository's C#
/// or a public type of an assembly the code uses; <c>Type.Member</c> on one of our types must name a member that its
/// source file has. Relative markdown links must point at a file that exists.
/// </summary>
public sealed partial class DocumentedNamesTests
{
    /// <summary>
    /// Words in backticks that look like type names and are not: each is a value or a variable the docs show, not
    /// something a reader would look up as a type.
    /// </summary>
    private static readonly HashSet<string> NotTypeNames =
    [
        "App", // the test base classes' fixture property (IntegrationTest.App, BrowserTest.App): App.Clock, App.Client(...)
        "Page", // BrowserTest.Page, Playwright's page of the current test: Page.GetByRole(...)
        "Production", // an ASP.NET Core environment name
    ];

    /// <summary>
    /// Names of things outside this code and outside every package it references, which the docs name on purpose:
    /// the models an ADR compares with, packages and APIs it weighed and did not take, what a benchmark reads.
    /// </summary>
    private static readonly HashSet<string> NamesFromElsewhere =
    [
        "IIdentityService", // jasontaylordev/CleanArchitecture's identity port (ADR-003)
        "IServerSideSessionStore", // Duende IdentityServer's session store, the model of the store port (ADR-008)
        "MediatR.Contracts", // the package ADR-001 did not take
        "CommunityToolkit.HighPerformance", "StringPool", // the string pool ADR-014 measured and took out
        "Intl.DisplayNames", // the browser's JavaScript API for country names (ADR-010)
        "VmHWM", // the peak-RSS field of Linux's /proc/{pid}/status (benchmarks)
    ];

    /// <summary>
    /// The design notes the code follows (design card, security requirements, house style) are kept as they were written,
    /// before the code: they name what was asked for (a <c>SessionPolicy</c>, say), not what was built. Where the code
    /// decides differently an ADR says why.
    /// </summary>
    private static readonly HashSet<string> DesignNotes = ["docs/design.md", "docs/security-requirements.md", "docs/style.md"];

    private static readonly string[] FileExtensions = [".cs", ".md", ".json", ".sh", ".cshtml", ".js", ".css", ".csproj", ".props", ".sql", ".sln", ".mmdb"];

    private static readonly string[] SourceRoots = ["src", "tests", "benchmarks"];

    private static readonly Lazy<Repository> Repo = new(Repository.Load);

    [Fact]
    public void EveryNameInBackticksInTheDocsExists()
    {
        var repo = Repo.Value;

        var problems = repo.Docs.SelectMany(doc => Check(repo, doc)).ToList();

        Assert.True(problems.Count == 0, $"{problems.Count} names in the docs that do not exist:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void TheCheckerFindsAMissingTypeAMissingMemberAndAMissingFile()
    {
        var repo = Repo.Value;
        var doc = new Doc("docs/example.md", """
            `SessionValidity` decides, `SessionValidity.Decide` is the rule, `SessionCookieCache.TryRead` opens the cookie;
            `HttpContext.SignInAsync(issued)` and `IReadOnlyList<SessionSummary>` are fine, so is `docs/decisions/` and
            `Web/Infrastructure/ErrorStatus`, `TENANT_SUSPENDED`, `Sessions:ExpiresIn`, `/api/auth/get-session`.
            But `SessionPolicy` is not a type, `SessionValidator.RowQueries` is not a member, `docs/nowhere.md` and
            `Web/Authentication/NoSuchCookie` are not files, and neither is [this](decisions/ADR-999-none.md).
            ```
            `NotCheckedInAFence`
            ```
            """);

        var problems = Check(repo, doc).ToList();

        Assert.Equal(
            [
                "docs/example.md:4: `SessionPolicy`: no such type",
                "docs/example.md:4: `SessionValidator.RowQueries`: SessionValidator has no member RowQueries",
                "docs/example.md:4: `docs/nowhere.md`: no such file",
                "docs/example.md:5: `Web/Authentication/NoSuchCookie`: no such file",
                "docs/example.md:5: link decisions/ADR-999-none.md: no such file",
            ],
            problems);
    }

    private static IEnumerable<string> Check(Repository repo, Doc doc)
    {
        var inFence = false;
        var lines = doc.Text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            foreach (Match span in CodeSpan().Matches(line))
            {
                if (Problem(repo, doc, span.Groups["code"].Value.Trim()) is { } problem)
                {
                    yield return $"{doc.Path}:{i + 1}: `{span.Groups["code"].Value.Trim()}`: {problem}";
                }
            }

            foreach (Match link in MarkdownLink().Matches(line))
            {
                var target = link.Groups["target"].Value;
                if (!target.Contains("://", StringComparison.Ordinal) && !target.StartsWith('#') && !target.StartsWith("mailto:", StringComparison.Ordinal)
                    && !repo.PathExists(doc, target.Split('#')[0]))
                {
                    yield return $"{doc.Path}:{i + 1}: link {target}: no such file";
                }
            }
        }
    }

    private static string? Problem(Repository repo, Doc doc, string code)
    {
        if (code.Length == 0 || (code.IndexOfAny(['{', '*', '…', '<', '>', '|']) >= 0 && LooksLikePath(code)) || code.Contains("...", StringComparison.Ordinal))
        {
            return null; // a template (`artifacts/screenshots/{TestClass}/…`), not a name
        }

        if (LooksLikePath(code))
        {
            return code.StartsWith('/') || code.StartsWith('.') || code.StartsWith('@') || code.Contains("://", StringComparison.Ordinal)
                || code.Contains(' ', StringComparison.Ordinal) || repo.IsGenerated(code) || repo.PathExists(doc, code)
                ? null // a route, an absolute path on the machine (`/usr/bin/chromium`), a URL, an npm package, an output
                : "no such file";
        }

        if (code.IndexOfAny([':', ' ', '=', '"', '\'']) >= 0 || !char.IsAsciiLetterUpper(code[0]) || code.Contains("__", StringComparison.Ordinal)
            || (code.IndexOf('_') is > 0 and var underscore && !code[..underscore].Any(char.IsAsciiLetterLower)))
        {
            return null; // a config key, an environment variable (`DOTNET_JitStdOutFile`), an expression, a value, a variable
        }

        var name = QualifiedName().Match(code);
        if (!name.Success)
        {
            return null;
        }

        if (NamesFromElsewhere.Contains(name.Groups["name"].Value))
        {
            return null;
        }

        var segments = name.Groups["name"].Value.Split('.');
        if (!segments.Any(s => s.Any(char.IsAsciiLetterLower)) || NotTypeNames.Contains(segments[0]))
        {
            return null; // an error code or a constant in capitals (`TENANT_SUSPENDED`, `CI`)
        }

        if (segments.Skip(1).Any(s => char.IsAsciiLetterLower(s[0])) || repo.IsKnownQualifiedName(name.Groups["name"].Value))
        {
            return null; // a host or a file name (`ACME.localhost`), or a namespace, package or framework (`Microsoft.AspNetCore.App`)
        }

        var typeAt = Array.FindLastIndex(segments, repo.IsType);
        if (typeAt < 0)
        {
            // Not a type: a member, a column, a test, a use-case folder, an option, declared in our code or public in a
            // library (`ExpiresAt`, `Sessions.AuthenticationMethod`, `SignUp`, `AccessFailedCount`, `IgnoreQueryFilters()`)
            if (segments.All(repo.IsKnownIdentifier))
            {
                return null;
            }

            return segments.Length == 1 ? "no such type" : $"no type among {string.Join(", ", segments)}";
        }

        if (typeAt + 1 < segments.Length && !repo.IsExternalType(segments[typeAt]) && repo.OwnTypeFiles(segments[typeAt]) is { Count: > 0 } files
            && !files.Any(f => Regex.IsMatch(f.Text, $@"\b{Regex.Escape(segments[typeAt + 1])}\b")))
        {
            return $"{segments[typeAt]} has no member {segments[typeAt + 1]}";
        }

        return null;
    }

    private static bool LooksLikePath(string code) =>
        code.Contains('/', StringComparison.Ordinal)
        || FileExtensions.Any(e => code.EndsWith(e, StringComparison.OrdinalIgnoreCase) && code.Length > e.Length && !code.Contains(' ', StringComparison.Ordinal));

    [GeneratedRegex(@"(?<ticks>`+)(?<code>.+?)\k<ticks>")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    /// <summary>A (dotted) name, optionally with type arguments and an argument list: <c>Sessions.Queries.X.XQuery()</c>.</summary>
    [GeneratedRegex(@"^\[?(?<name>[A-Z][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)(<.*>)?(\(.*\))?\]?$")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9_]*")]
    private static partial Regex Identifier();

    /// <summary>A C# or Razor comment (line, block, XML doc, <c>@* *@</c>): a name only a comment uses does not make it exist.</summary>
    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(?:struct\s+|class\s+)?(?<name>[A-Z][A-Za-z0-9_]*)")]
    private static partial Regex TypeDeclaration();

    /// <summary>
    /// The types, the public members of the public ones and the namespaces of every assembly the code can use: the shared
    /// frameworks this process runs on (.NET and ASP.NET Core, whose names count too), the assemblies next to this test
    /// (the app and its packages) and every package that Directory.Packages.props pins (the other test projects'
    /// Playwright, Respawn, CsCheck, ...), read from the NuGet packages folder.
    /// </summary>
    private sealed class Metadata
    {
        public HashSet<string> Types { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Members { get; } = new(StringComparer.Ordinal);

        public HashSet<string> QualifiedNames { get; } = new(StringComparer.Ordinal);

        public static Metadata Load(string root)
        {
            var metadata = new Metadata();
            var assemblies = new List<string>();
            var runtime = RuntimeEnvironment.GetRuntimeDirectory();
            var aspNetCore = Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Http.HttpContext).Assembly.Location)!;
            foreach (var framework in new[] { runtime, aspNetCore })
            {
                assemblies.AddRange(Directory.EnumerateFiles(framework, "*.dll"));
                metadata.QualifiedNames.Add(new DirectoryInfo(framework).Parent!.Name); // Microsoft.NETCore.App, Microsoft.AspNetCore.App
            }

            // Our own assemblies are not libraries: their types are checked against their source.
            assemblies.AddRange(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
                .Where(f => !Path.GetFileName(f).StartsWith("TenantSessions.", StringComparison.Ordinal)));

            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            foreach (var pin in XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion"))
            {
                var lib = Path.Combine(packages, pin.Attribute("Include")!.Value.ToLowerInvariant(), pin.Attribute("Version")!.Value, "lib");
                if (Directory.Exists(lib))
                {
                    assemblies.AddRange(Directory.EnumerateFiles(lib, "*.dll", SearchOption.AllDirectories));
                }
            }

            foreach (var assembly in assemblies.Distinct())
            {
                metadata.Read(assembly);
            }

            return metadata;
        }

        private void Read(string assembly)
        {
            try
            {
                using var stream = File.OpenRead(assembly);
                using var pe = new PEReader(stream);
                if (!pe.HasMetadata)
                {
                    return;
                }

                var reader = pe.GetMetadataReader();
                foreach (var handle in reader.TypeDefinitions)
                {
                    var type = reader.GetTypeDefinition(handle);
                    // Internal types count as types (a benchmark note may name where a library spends its time:
                    // `SqliteConnectionPool.GetConnection`); only public types give members.
                    Types.Add(reader.GetString(type.Name).Split('`')[0]);
                    var visibility = type.Attributes & TypeAttributes.VisibilityMask;
                    if (visibility is not (TypeAttributes.Public or TypeAttributes.NestedPublic))
                    {
                        continue;
                    }

                    var ns = reader.GetString(type.Namespace);
                    for (var dot = ns.IndexOf('.'); dot >= 0; dot = ns.IndexOf('.', dot + 1))
                    {
                        QualifiedNames.Add(ns[..dot]);
                    }

                    QualifiedNames.Add(ns);
                    foreach (var method in type.GetMethods().Select(reader.GetMethodDefinition))
                    {
                        if ((method.Attributes & MethodAttributes.MemberAccessMask) is MethodAttributes.Public or MethodAttributes.Family)
                        {
                            Members.Add(reader.GetString(method.Name).Split('`')[0]);
                        }
                    }

                    foreach (var field in type.GetFields().Select(reader.GetFieldDefinition))
                    {
                        if ((field.Attributes & FieldAttributes.FieldAccessMask) is FieldAttributes.Public or FieldAttributes.Family)
                        {
                            Members.Add(reader.GetString(field.Name));
                        }
                    }

                    // Properties and events are public when their accessors are, which the methods above already cover
                    // (get_X, add_X): their own names are added here.
                    Members.UnionWith(type.GetProperties().Select(p => reader.GetString(reader.GetPropertyDefinition(p).Name)));
                    Members.UnionWith(type.GetEvents().Select(e => reader.GetString(reader.GetEventDefinition(e).Name)));
                }
            }
            catch (BadImageFormatException)
            {
                // a native library
            }
        }
    }

    private sealed record Doc(string Path, string Text);

    /// <summary>A C# or Razor file without its comments.</summary>
    private sealed record SourceFile(string Path, string Text);

    private sealed class Repository
    {
        private readonly string _root;
        private readonly HashSet<string> _paths;
        private readonly Dictionary<string, List<SourceFile>> _ownTypes;
        private readonly HashSet<string> _ownIdentifiers;
        private readonly Metadata _external;
        private readonly HashSet<string> _generated;

        private Repository(string root, HashSet<string> paths, Dictionary<string, List<SourceFile>> ownTypes, HashSet<string> ownIdentifiers, Metadata external, HashSet<string> generated, List<Doc> docs)
        {
            _root = root;
            _paths = paths;
            _ownTypes = ownTypes;
            _ownIdentifiers = ownIdentifiers;
            _external = external;
            _generated = generated;
            Docs = docs;
        }

        public IReadOnlyList<Doc> Docs { get; }

        public static Repository Load()
        {
            var root = FindRoot();
            var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                .Where(f => !f.Split('/').Any(s => s is "bin" or "obj" or "node_modules" or ".git" or "TestResults" or "artifacts" or "BenchmarkDotNet.Artifacts"))
                .ToList();
            var paths = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var parts = file.Split('/');
                for (var i = 1; i <= parts.Length; i++)
                {
                    paths.Add(string.Join('/', parts[..i]));
                }
            }

            var ownTypes = new Dictionary<string, List<SourceFile>>(StringComparer.Ordinal);
            var ownIdentifiers = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in files.Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal)) && SourceRoots.Contains(f.Split('/')[0])
                && !f.EndsWith("/" + nameof(DocumentedNamesTests) + ".cs", StringComparison.Ordinal))) // its examples name what does not exist
            {
                var source = new SourceFile(file, Comment().Replace(File.ReadAllText(Path.Combine(root, file)), " "));
                ownIdentifiers.UnionWith(Identifier().Matches(source.Text).Select(m => m.Value));
                foreach (Match declaration in TypeDeclaration().Matches(source.Text))
                {
                    var name = declaration.Groups["name"].Value;
                    if (!ownTypes.TryGetValue(name, out var declaredIn))
                    {
                        ownTypes[name] = declaredIn = [];
                    }

                    if (!declaredIn.Contains(source))
                    {
                        declaredIn.Add(source);
                    }
                }
            }

            var docs = files
                .Where(f => f == "README.md" || f.StartsWith("docs/", StringComparison.Ordinal) && f.EndsWith(".md", StringComparison.Ordinal))
                .Where(f => !DesignNotes.Contains(f))
                .Select(f => new Doc(f, File.ReadAllText(Path.Combine(root, f)).Replace("\r\n", "\n")))
                .ToList();

            // The folders .gitignore names (`artifacts/`, `App_Data/`, `bin/`): what the build, the app or the tests write.
            var generated = File.ReadAllLines(Path.Combine(root, ".gitignore"))
                .Where(l => l.TrimEnd().EndsWith('/'))
                .Select(l => l.Trim().Trim('/').Split('/')[^1])
                .ToHashSet(StringComparer.Ordinal);

            var external = Metadata.Load(root);

            // What the project files name: MSBuild items (`FrameworkReference`), packages and frameworks they reference.
            foreach (var project in files.Where(f => f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".props", StringComparison.Ordinal)))
            {
                foreach (var element in XDocument.Load(Path.Combine(root, project)).Descendants())
                {
                    ownIdentifiers.Add(element.Name.LocalName);
                    if (element.Attribute("Include")?.Value is { } include)
                    {
                        external.QualifiedNames.Add(include);
                    }
                }
            }

            return new Repository(root, paths, ownTypes, ownIdentifiers, external, generated, docs);
        }

        public bool IsType(string name) => _ownTypes.ContainsKey(name) || _external.Types.Contains(name);

        public bool IsExternalType(string name) => _external.Types.Contains(name);

        /// <summary>An identifier our C# uses outside comments, or a public member or namespace part of a library.</summary>
        public bool IsKnownIdentifier(string name) => _ownIdentifiers.Contains(name) || _external.Members.Contains(name);

        /// <summary>A namespace (ours or a library's), a package or a framework the project files reference.</summary>
        public bool IsKnownQualifiedName(string name) => _external.QualifiedNames.Contains(name);

        public IReadOnlyList<SourceFile> OwnTypeFiles(string name) => _ownTypes.TryGetValue(name, out var files) ? files : [];

        /// <summary>A path in a folder the build, the app or the tests write (.gitignore: <c>artifacts/</c>, <c>App_Data/</c>).</summary>
        public bool IsGenerated(string path) => path.Split('/').Any(_generated.Contains);

        /// <summary>
        /// The path exists relative to the repository root or to the doc's folder, or, as the docs shorten
        /// <c>src/Web/Authentication/X.cs</c> to <c>Web/Authentication/X</c>, it is the end of a path that exists
        /// (whole segments; a file may leave out <c>.cs</c> or <c>.cshtml</c>).
        /// </summary>
        public bool PathExists(Doc doc, string path)
        {
            var trimmed = path.TrimEnd('/');
            if (trimmed.Length == 0)
            {
                return true;
            }

            var fromDoc = Path.GetRelativePath(_root, Path.GetFullPath(Path.Combine(_root, Path.GetDirectoryName(doc.Path) ?? "", trimmed))).Replace('\\', '/');
            string[] candidates = [trimmed, trimmed + ".cs", trimmed + ".cshtml", fromDoc, fromDoc + ".cs"];
            if (candidates.Any(_paths.Contains) || _paths.Any(p => candidates[..3].Any(c => p.EndsWith("/" + c, StringComparison.Ordinal))))
            {
                return true;
            }

            // `Pages/Shared/DeviceKind.Classify`: a member of what that file declares.
            var dot = trimmed.LastIndexOf('.');
            if (dot <= trimmed.LastIndexOf('/') + 1 || !char.IsAsciiLetterUpper(trimmed[dot + 1]))
            {
                return false;
            }

            var file = trimmed[..dot] + ".cs";
            var member = new Regex($@"\b{Regex.Escape(trimmed[(dot + 1)..])}\b");
            return _ownTypes.Values.SelectMany(f => f).Any(f => (f.Path == file || f.Path.EndsWith("/" + file, StringComparison.Ordinal)) && member.IsMatch(f.Text));
        }

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "TenantSessions.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("TenantSessions.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
