using System.Globalization;

namespace Gateway.Interop.Tests.Support;

/// <summary>Reads one metric out of the gateway's /metrics text: the sum over every label set of its samples.</summary>
public static class PrometheusText
{
    public static async Task<double> SumAsync(HttpClient http, string metric)
    {
        var text = await http.GetStringAsync("/metrics");
        var sum = 0.0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length == metric.Length) continue;
            if (line[metric.Length] is not (' ' or '{')) continue;   // another metric whose name starts the same
            sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
        return sum;
    }
}
