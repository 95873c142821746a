package io.snn4j.functional;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Norse's name of a parameter record component where it is not the component's name in snake case
 * ({@code deltaT} is Norse's {@code delta_T}, not {@code delta_t}). See {@link NeuronParameters#fields()}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface NorseName {
    /** The name as Norse spells it. */
    String value();
}
