namespace Gateway.Soak;

/// <summary>
/// Least-squares line through (hours, value) samples, with the slope's standard error, to tell growth from noise.
/// </summary>
internal readonly record struct Trend(double SlopePerHour, double StandardError, double Mean, int Samples)
{
    public static Trend Fit(IReadOnlyList<(double Hours, double Value)> points)
    {
        var n = points.Count;
        if (n < 3) return new(0, double.PositiveInfinity, n == 0 ? 0 : points.Average(p => p.Value), n);
        double meanX = points.Average(p => p.Hours), meanY = points.Average(p => p.Value);
        double sxx = 0, sxy = 0;
        foreach (var (x, y) in points)
        {
            sxx += (x - meanX) * (x - meanX);
            sxy += (x - meanX) * (y - meanY);
        }
        if (sxx == 0) return new(0, double.PositiveInfinity, meanY, n);
        var slope = sxy / sxx;
        var residuals = points.Sum(p => Math.Pow(p.Value - (meanY + slope * (p.Hours - meanX)), 2));
        var standardError = Math.Sqrt(residuals / (n - 2) / sxx);
        return new(slope, standardError, meanY, n);
    }

    /// <summary>
    /// Growth beyond noise: the slope is more than 3 standard errors from zero AND, over the run, adds more than
    /// <paramref name="relevant"/> (a floor below which growth does not matter, e.g. 5 % of the mean for memory).
    /// </summary>
    public bool IsGrowth(double runHours, double relevant) =>
        SlopePerHour > 3 * StandardError && SlopePerHour * runHours > relevant;
}
