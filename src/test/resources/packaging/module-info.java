// PackagingIT compiles Smoke as a named module against the library jar and EJML on the module path:
// the library's Automatic-Module-Name is what an application requires.
module smoke {
    requires io.snn4j;
}
