/** A component's CSS module: its class names, camel-cased (`.try-customer__inputs` → `tryCustomerInputs`). */
declare module '*.module.css' {
  const classes: Readonly<Record<string, string>>;
  export default classes;
}

declare module '*.css';
