using System.Reflection;
using System.Xml.Linq;

namespace Gateway.Api.Tests.Architecture;

/// <summary>Dependencies point one way: Api → Worker → Pipelines → Rtc. A backwards or skipping reference fails here.</summary>
public sealed class LayeringTests
{
    private static readonly string[] Layers = ["Gateway.Api", "Gateway.Worker", "Gateway.Pipelines", "Gateway.Rtc"];

    public static TheoryData<string> SourceProjects => new(Layers);

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Project_references_only_the_layer_below(string project)
    {
        var references = ProjectReferences(project);
        var below = Array.IndexOf(Layers, project) + 1;
        string[] allowed = below < Layers.Length ? [Layers[below]] : [];
        Assert.Equal(allowed, references);
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Compiled_assembly_references_no_layer_above(string project)
    {
        var assembly = Assembly.Load(project);
        var above = Layers.Take(Array.IndexOf(Layers, project)).ToHashSet();
        var backwards = assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(above.Contains).ToList();
        Assert.Empty(backwards);
    }

    [Theory]
    [InlineData("Gateway.Rtc", "Microsoft.AspNetCore")]
    [InlineData("Gateway.Rtc", "FFMpegCore")]
    [InlineData("Gateway.Rtc", "Hangfire")]
    [InlineData("Gateway.Pipelines", "Microsoft.AspNetCore")]
    [InlineData("Gateway.Pipelines", "Hangfire")]
    [InlineData("Gateway.Worker", "Microsoft.AspNetCore")]
    public void Lower_layers_stay_free_of_frameworks_they_must_not_know(string project, string forbiddenPrefix)
    {
        var assembly = Assembly.Load(project);
        var offending = assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => n.StartsWith(forbiddenPrefix, StringComparison.Ordinal)).ToList();
        Assert.Empty(offending);
        Assert.DoesNotContain(PackageReferences(project), p => p.StartsWith(forbiddenPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void The_check_notices_a_backwards_reference()
    {
        // Guard against a test that cannot fail: a csproj pointing upwards must be reported.
        var csproj = XDocument.Parse("""
            <Project><ItemGroup><ProjectReference Include="..\Gateway.Api\Gateway.Api.csproj" /></ItemGroup></Project>
            """);
        Assert.Equal(["Gateway.Api"], ReferencesIn(csproj));
    }

    private static string[] ProjectReferences(string project) => ReferencesIn(XDocument.Load(CsprojPath(project)));

    private static string[] ReferencesIn(XDocument csproj) =>
        csproj.Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static string[] PackageReferences(string project) =>
        XDocument.Load(CsprojPath(project)).Descendants("PackageReference")
            .Select(e => e.Attribute("Include")!.Value).ToArray();

    private static string CsprojPath(string project)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", project, project + ".csproj");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{project}.csproj not found above {AppContext.BaseDirectory}");
    }
}
