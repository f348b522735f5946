using System.Collections.ObjectModel;
using Gateway.Rtc.Sdp.Attributes;

namespace Gateway.Rtc.Sdp;

/// <summary>The a= lines of one level, in written order, with lookups by type and by name.</summary>
public sealed class SdpAttributeList : Collection<SdpAttribute>
{
    public SdpAttributeList() { }

    public SdpAttributeList(IEnumerable<SdpAttribute> attributes) : base([.. attributes]) { }

    public T? Get<T>() where T : SdpAttribute => this.OfType<T>().FirstOrDefault();

    public IEnumerable<T> GetAll<T>() where T : SdpAttribute => this.OfType<T>();

    public bool Contains(string name) => this.Any(a => a.Name == name);

    /// <summary>Value of the first attribute named <paramref name="name"/>; null when absent or a property attribute.</summary>
    public string? GetValue(string name) => this.FirstOrDefault(a => a.Name == name)?.Value;

    public IEnumerable<SdpAttribute> GetAll(string name) => this.Where(a => a.Name == name);

    /// <summary>Replaces the first attribute with the same name (keeping its position) or appends; drops later ones.</summary>
    public void Set(SdpAttribute attribute)
    {
        int index = IndexOfName(attribute.Name);
        if (index < 0) { Add(attribute); return; }
        this[index] = attribute;
        for (var i = Count - 1; i > index; i--)
            if (this[i].Name == attribute.Name) RemoveAt(i);
    }

    public void Set(string name, string? value = null) => Set(new GenericAttribute(name, value));

    public int RemoveAll(string name)
    {
        var removed = 0;
        for (var i = Count - 1; i >= 0; i--)
            if (this[i].Name == name) { RemoveAt(i); removed++; }
        return removed;
    }

    public int RemoveAll<T>() where T : SdpAttribute
    {
        var removed = 0;
        for (var i = Count - 1; i >= 0; i--)
            if (this[i] is T) { RemoveAt(i); removed++; }
        return removed;
    }

    /// <summary>The direction attribute of this level, if any (they are named after their value).</summary>
    public SdpDirection? Direction => Get<DirectionAttribute>()?.Direction;

    /// <summary>Replaces any direction attribute, keeping the position of the first one.</summary>
    public void SetDirection(SdpDirection direction)
    {
        int index = -1;
        for (var i = Count - 1; i >= 0; i--)
            if (this[i] is DirectionAttribute) { RemoveAt(i); index = i; }
        if (index < 0) Add(new DirectionAttribute(direction));
        else Insert(index, new DirectionAttribute(direction));
    }

    private int IndexOfName(string name)
    {
        for (var i = 0; i < Count; i++)
            if (this[i].Name == name) return i;
        return -1;
    }
}
