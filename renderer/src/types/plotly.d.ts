declare module 'plotly.js-strict-dist-min' {
  export * from 'plotly.js';
  import Plotly from 'plotly.js';
  export default Plotly;
}
